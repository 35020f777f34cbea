// The wasmode command as a person runs it: npx wasmode run CONFIG [--rom FILE ...].
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { imageDir } from "../support/paths.ts";
import { scratch, wasmode } from "../support/cli.ts";
import { initConfig, wat } from "../support/system.ts";

const file = scratch("wasmode-cli-");

describe("wasmode run", () => {
  it("boots a config and prints the log with Genode's label prefixes; exit code 0", async () => {
    const r = await wasmode("run", "examples/hello.xml");
    expect(r).toEqual({ code: 0, stdout: "[init -> hello] Hello\n", stderr: "" });
  });

  it("--rom adds a file as a boot module under its file name", async () => {
    const mine = file("mine.wasm", readFileSync(path.join(imageDir, "hello.wasm")));
    const r = await wasmode("run", file("mine.xml", initConfig(`<start name="mine"/>`)), "--rom", mine);
    expect(r.stdout).toBe("[init -> mine] Hello\n");
    expect(r.code).toBe(0);
  });

  it("a malformed config: non-zero, one line naming file, line and column", async () => {
    const bad = file("bad.xml", `<config>\n  <start name="x">\n</config>\n`);
    const r = await wasmode("run", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wasmode: ${bad}:3:1: expected '</start>' but found '</config>'\n`);
  });

  it("a missing config file, a missing --rom file, no config at all: usage errors", async () => {
    expect(await wasmode("run", "nope.xml")).toMatchObject({ code: 2, stderr: "wasmode: config nope.xml: no such file\n" });
    expect(await wasmode("run", "examples/hello.xml", "--rom", "nope.wasm")).toMatchObject({ code: 2, stderr: "wasmode: rom nope.wasm: no such file\n" });
    expect((await wasmode("run")).code).toBe(2);
    expect(await wasmode("frobnicate")).toMatchObject({ code: 2, stderr: `wasmode: unknown command "frobnicate" (try: wasmode run CONFIG)\n` });
  });

  it("a missing binary: the others run, and the exit code says which one and why", async () => {
    const r = await wasmode("run", file("missing.xml", initConfig(`<start name="ghost"/> <start name="hello"/>`)));
    expect(r.stdout).toContain("[init -> hello] Hello\n");
    expect(r.stdout).toContain(`[init] child "ghost" not started: ghost: no such binary in the boot image\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wasmode: "init -> ghost" not started: ghost: no such binary in the boot image\n`);
  });

  it("a file that is not Wasm, and a module with an ambient import, are refused by name", async () => {
    const text = file("text.wasm", "just some text");
    let r = await wasmode("run", file("t.xml", initConfig(`<start name="text"/>`)), "--rom", text);
    expect(r.stderr).toBe(`wasmode: "init -> text" not started: text: not a WebAssembly module (no \\0asm header)\n`);
    const spy = file("spy.wasm", await wat(`(module (import "env" "memory" (memory 1)) (import "env" "now" (func (result f64)))
      (global (export "__ipc_buffer") i32 (i32.const 1024)) (func (export "_start")))`));
    // Allowed unsigned, it still meets the module checks.
    r = await wasmode("run", file("s.xml", initConfig(`<start name="spy"/>`)), "--rom", spy, "--unsigned");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wasmode: "init -> spy" not started: spy: import "env"\."now" \(function\) is not allowed/);
  });

  it("a --rom binary without signed provenance is refused, and --unsigned allows it, saying what it allows", async () => {
    const hello = readFileSync(path.join(imageDir, "hello.wasm"));
    // One byte of its data changed: not the image's hello, and signed by nobody.
    const changed = Buffer.from(hello);
    // AssemblyScript keeps its strings in UTF-16.
    const at = changed.indexOf(Buffer.from("Hello", "utf16le"));
    changed.write("Jello", at, "utf16le");
    const mine = file("jello.wasm", changed);
    const config = file("j.xml", initConfig(`<start name="jello"/>`));
    let r = await wasmode("run", config, "--rom", mine);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wasmode: "init -> jello" not started: jello: no signed provenance: core runs only binaries signed by a key it trusts (\`trust\` lists them) (--unsigned lets the --rom binaries run without it)\n`);
    r = await wasmode("run", config, "--rom", mine, "--unsigned");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[init -> jello] Jello\n");
    expect(r.stdout).toMatch(/--unsigned: .*jello\.wasm runs without signed provenance \(sha256 [0-9a-f]{12}…\); every other binary is still checked/);
    // A tampered provenance beside it is named, --unsigned or not: it claims to vouch, and it does not.
    writeFileSync(`${mine}.intoto.jsonl`, readFileSync(path.join(imageDir, "hello.wasm.intoto.jsonl")));
    r = await wasmode("run", config, "--rom", mine, "--unsigned");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wasmode: "init -> jello" not started: jello: sha256 [0-9a-f]{12}… does not match its signed provenance\n$/);
  });
});

describe("wasmode with the default system", () => {
  it("-c runs the shell's commands and exits with the last one's status", async () => {
    const ok = await wasmode("-c", "ls /; cat /README");
    expect(ok.code).toBe(0);
    // The root holds the README, what is built and notes's corner (/notes); the sources show at /src.
    expect(ok.stdout.startsWith("README\r\nbuild/\r\nnotes/\r\nsrc/\r\nWelcome to Wasmode")).toBe(true);
    expect(ok.stdout).toContain("help                  the commands");
    const failed = await wasmode("-c", "echo made > /f; cat /f; cat /nope");
    expect(failed).toMatchObject({ code: 1, stdout: "made\r\ncat: /nope: no such file or directory\r\n" });
  });

  it("quotes and redirections in -c reach the shell unharmed", async () => {
    const r = await wasmode("-c", `echo "<a & b>" > /x; cat /x`);
    expect(r).toMatchObject({ code: 0, stdout: "<a & b>\r\n" });
  });

  it("refuses to start the interactive shell without a terminal, saying what to do instead", async () => {
    const r = await wasmode();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("wasmode: standard input is not a terminal: give the shell its commands with -c 'ls /; cat /README', or boot a config with wasmode run CONFIG\n");
  });
});
