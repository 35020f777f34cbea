// The source package's archive read back: what tarArchive wrote, tarFiles finds, and a cut or garbled archive yields what came before the damage.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tarArchive, tarFiles } from "../../../../kernel/host/builder/source_package.ts";
import { repoRoot } from "../../../support/paths.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const texts = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].map(([p, b]) => [p, new TextDecoder().decode(b)]));

describe("tarFiles", () => {
  const long = `components/${"deep/".repeat(25)}runtime`;
  const tar = tarArchive(new Map([["components/a/runtime", bytes("runtime | ram: 1M")], ["components/a/main.ts", bytes("x".repeat(700))], [long, bytes("long")]]));

  it("reads back the files tarArchive wrote, long paths included, those wanted only", () => {
    expect(texts(tarFiles(tar, (p) => p.endsWith("/runtime")))).toEqual({ "components/a/runtime": "runtime | ram: 1M", [long]: "long" });
    expect(tarFiles(tar, () => true).get("components/a/main.ts")?.length).toBe(700);
  });

  it("stops at damage: a cut archive or a garbled header gives the files before it, and never reads past the end", () => {
    // Sorted by path: main.ts, runtime, then the long one. Cut inside main.ts's data: nothing whole is there.
    expect(tarFiles(tar.subarray(0, 800), () => true).size).toBe(0);
    const garbled = tar.slice();
    garbled.set(bytes("xxxxx"), 512 + 1024 + 257); // the second header's magic
    expect([...tarFiles(garbled, () => true).keys()]).toEqual(["components/a/main.ts"]);
    expect(tarFiles(new Uint8Array(0), () => true).size).toBe(0);
  });

  it("finds every package of the boot image's source package", () => {
    const image = new Uint8Array(readFileSync(path.join(repoRoot, "build/image/src.tar")));
    const all = tarFiles(image, () => true);
    expect(all.has("components/hello/main.ts")).toBe(true);
    expect(all.get("components/hello/main.ts")).toEqual(new Uint8Array(readFileSync(path.join(repoRoot, "components/hello/main.ts"))));
  });
});
