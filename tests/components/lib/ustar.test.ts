// The SDK's ustar reader (components/lib/ustar.ts): the build's source package read back, and every malformed archive refused with what is wrong.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tarArchive } from "../../../kernel/host/builder/source_package.ts";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/ustar_harness.ts"]);
});

const utf8 = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array): string => callForString(m, "read", String.fromCharCode(...bytes));

/** A header's checksum made right again after a test changed a field. */
function resum(archive: Uint8Array, at: number): void {
  archive.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += archive[at + i];
  archive.set(utf8(sum.toString(8).padStart(6, "0") + "\0 "), at + 148);
}

const PACKAGE = () => tarArchive(new Map([["a/one.ts", utf8("one\n")], ["b.xml", utf8("<b/>")]]));

describe("ustar reader", () => {
  it("reads the build's source package: paths and contents", () => {
    expect(read(PACKAGE())).toBe("a/one.ts file one\n\nb.xml file <b/>");
  });

  it("reads a long path split into prefix and name", () => {
    const long = "components/" + "x".repeat(90) + "/" + "y".repeat(60) + ".ts";
    expect(read(tarArchive(new Map([[long, utf8("z")]])))).toBe(`${long} file z`);
  });

  it("reads what tar writes: directories and files", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ustar-"));
    mkdirSync(path.join(dir, "src", "lib"), { recursive: true });
    writeFileSync(path.join(dir, "src", "lib", "x.ts"), "export {};\n");
    execFileSync("tar", ["--format=ustar", "-cf", path.join(dir, "t.tar"), "-C", dir, "src"]);
    expect(read(new Uint8Array(readFileSync(path.join(dir, "t.tar")))).split("\n").filter((r) => r !== "").sort()).toEqual(["src dir", "src/lib dir", "src/lib/x.ts file export {};"]);
  });

  it("refuses a malformed archive, naming the entry and what is wrong", () => {
    const badSum = PACKAGE();
    badSum[0] = "A".charCodeAt(0);
    expect(read(badSum)).toBe("error: at byte 0: entry 'A/one.ts' has a bad header checksum");

    const badMagic = PACKAGE();
    badMagic.set(utf8("gnu  "), 257);
    resum(badMagic, 0);
    expect(read(badMagic)).toBe("error: at byte 0: entry 'a/one.ts' is not a ustar header (magic 'gnu  ')");

    const badSize = PACKAGE();
    badSize[124] = "9".charCodeAt(0);
    resum(badSize, 0);
    expect(read(badSize)).toBe("error: at byte 0: entry 'a/one.ts' has no valid size");

    const link = PACKAGE();
    link[156] = "2".charCodeAt(0);
    resum(link, 0);
    expect(read(link)).toBe("error: at byte 0: entry 'a/one.ts' is of type '2': only files and directories are read");

    const escape = PACKAGE();
    escape.set(utf8("../x.ts\0\0"), 0);
    resum(escape, 0);
    expect(read(escape)).toBe("error: at byte 0: entry '../x.ts' has '..' in its path");

    const absolute = PACKAGE();
    absolute.set(utf8("/etc/x\0\0\0"), 0);
    resum(absolute, 0);
    expect(read(absolute)).toBe("error: at byte 0: entry '/etc/x' has an absolute path");

    expect(read(PACKAGE().slice(0, 514))).toBe("error: at byte 0: entry 'a/one.ts' announces 4 bytes, the archive holds 2 after its header");
    expect(read(PACKAGE().slice(0, 1024))).toBe("error: at byte 1024: the archive ends without its end block (truncated?)");
    expect(read(new Uint8Array(0))).toBe("error: at byte 0: the archive ends without its end block (truncated?)");
  });
});
