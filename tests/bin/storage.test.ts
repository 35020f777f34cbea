// `wasmode --storage DIR` and `--ephemeral`: where the default system's files persist, or that they do not.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";
import { defaultStorageDir, parseSessionArgs } from "../../bin/session.ts";
import { UsageError } from "../../bin/args.ts";
import { wasmode } from "../support/cli.ts";

const root = mkdtempSync(path.join(tmpdir(), "wasmode-storage-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("wasmode's storage options", () => {
  it("--storage DIR: a file written by one run is read by the next; DIR is created if missing", async () => {
    const dir = path.join(root, "new", "store");
    expect(await wasmode("--storage", dir, "-c", "mkdir /d; echo kept > /d/note")).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(path.join(dir, "manifest"))).toBe(true);
    expect(existsSync(path.join(dir, "lock"))).toBe(false);
    expect(await wasmode("-c", "cat /d/note; ls /", `--storage=${dir}`)).toMatchObject({ code: 0, stdout: "kept\r\nREADME\r\nbuild/\r\nd/\r\nnotes/\r\nsrc/\r\n" });
  });

  it("--ephemeral: nothing is kept, and the default system still runs", async () => {
    expect(await wasmode("--ephemeral", "-c", "echo gone > /note; cat /note")).toMatchObject({ code: 0, stdout: "gone\r\n" });
    expect(await wasmode("--ephemeral", "-c", "cat /note")).toMatchObject({ code: 1, stdout: "cat: /note: no such file or directory\r\n" });
  });

  it("a storage directory another wasmode uses is refused by name", async () => {
    const dir = path.join(root, "busy");
    await wasmode("--storage", dir, "-c", "true");
    writeFileSync(path.join(dir, "lock"), `${process.pid}\n`);
    expect(await wasmode("--storage", dir, "-c", "true")).toMatchObject({ code: 1, stderr: `wasmode: ${dir} is in use by process ${process.pid}\n` });
    expect(readdirSync(dir).sort()).toEqual(["blobs", "lock", "manifest"]);
  });

  it("the default is the XDG data directory, ~/.local/share/wasmode", () => {
    expect(defaultStorageDir({ XDG_DATA_HOME: "/data" })).toBe("/data/wasmode");
    expect(defaultStorageDir({})).toBe(path.join(homedir(), ".local/share/wasmode"));
    expect(parseSessionArgs(["-c", "ls"])).toEqual({ command: "ls", storage: defaultStorageDir() });
    expect(parseSessionArgs(["--ephemeral"])).toEqual({ command: null, storage: null });
    expect(parseSessionArgs(["--storage", "rel/dir"]).storage).toBe(path.resolve("rel/dir"));
  });

  it("mistakes are usage errors saying what to do", () => {
    expect(() => parseSessionArgs(["--storage"])).toThrow(new UsageError("--storage needs a directory: wasmode --storage ~/wasmode-files"));
    expect(() => parseSessionArgs(["--storage", "d", "--ephemeral"])).toThrow("--storage and --ephemeral exclude each other");
    expect(() => parseSessionArgs(["-c", "ls", "pwd"])).toThrow("-c needs the commands as one argument");
    expect(() => parseSessionArgs(["--frob"])).toThrow(`unknown option "--frob"`);
  });
});
