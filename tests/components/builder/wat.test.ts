// WAT components built inside Wasmode: the builder finds /src/components/NAME/main.wat, the compiler device compiles it with wabt, the bytes are the Node build's; a malformed one fails, named by file, line and column.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../components/lib/sha256.ts";
import { compile } from "../../../kernel/host/builder/compile.ts";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { MemoryFiles } from "../../../kernel/host/files.ts";
import { checkModule } from "../../../kernel/host/module_check.ts";
import type { Screen } from "../../shell/screen.ts";
import { repoRoot } from "../../support/paths.ts";
import { bootWithCompiler, run } from "./build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

/** The output a module's build record under /build names. */
async function recordedOutput(s: Screen, name: string): Promise<{ sha256: string; size: number }> {
  const record = JSON.parse((await run(s, `cat /build/${name}.json`)).join("")) as { output: { sha256: string; size: number } };
  return record.output;
}

const wabtVersion = (JSON.parse(readFileSync(path.join(repoRoot, "node_modules/wabt/package.json"), "utf8")) as { version: string }).version;

/** A WAT component that logs `line` through its environment's LOG session, on one line of text (as `echo` writes it). */
function logging(line: string): string {
  const n = new TextEncoder().encode(line).length;
  return `(module (import "wasmode" "call" (func $call (param i32) (result i32))) (import "env" "memory" (memory 1))` +
    ` (global $ipc i32 (i32.const 1024)) (export "__ipc_buffer" (global $ipc))` +
    ` (data (i32.const 64) "\\03\\00\\00\\00\\03\\00\\00\\00LOG\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00")` +
    ` (data (i32.const 128) "${line}")` +
    ` (func (export "_start") (local $log i32)` +
    ` (i32.store (i32.const 1024) (i32.const 1)) (memory.copy (i32.const 1060) (i32.const 64) (i32.const 28))` +
    ` (i32.store (i32.const 1032) (i32.const 28)) (drop (call $call (i32.const 1)))` +
    ` (local.set $log (i32.load (i32.const 1044)))` +
    ` (i32.store (i32.const 1024) (i32.const 1)) (i32.store (i32.const 1060) (i32.const ${n})) (memory.copy (i32.const 1064) (i32.const 128) (i32.const ${n}))` +
    ` (i32.store (i32.const 1032) (i32.const ${4 + ((n + 3) & ~3)})) (drop (call $call (local.get $log)))))`;
}

describe("WAT components built inside", () => {
  it("runs the image's wat_hello, and builds it from /src to the bytes of the Node build, its record naming wabt", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "start wat_hello");
    expect(s.run.lines).toContain("[init -> runtime -> wat_hello] Hello from WAT");
    const built = await run(s, "build wat_hello");
    expect(built[0]).toBe("[1/1] wat_hello.wasm: compiling components/wat_hello/main.wat (release, 1 sources)");
    expect(built.at(-1), built.join("\n")).toBe("build: 1 built");
    const record = JSON.parse((await run(s, "cat /build/wat_hello.json")).join("")) as Record<string, unknown>;
    expect(record).toMatchObject({ module: "wat_hello.wasm", compiler: `wabt ${wabtVersion}`, entries: ["components/wat_hello/main.wat"], flags: [] });
    expect(Object.keys(record.inputs as object)).toEqual(["components/wat_hello/main.wat"]);
    const image = readFileSync(path.join(repoRoot, "build/image/wat_hello.wasm"));
    expect((record.output as { size: number }).size).toBe(image.length);
    // verify rebuilds it from the read-only sources and compares it with the image's, byte for byte.
    const verified = await run(s, "verify wat_hello");
    expect(verified.some((l) => /^wat_hello: identical to the boot image \(sha256 [0-9a-f]{64}\)$/.test(l)), verified.join("\n")).toBe(true);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("finds a new component's main.wat under /src, builds it to the bytes the Node build makes of it, and runs it", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "mkdir /src/components/mine");
    const text = logging("mine, in WAT");
    // Too long a line for run(), whose screen it scrolls sideways.
    await s.type(`echo '${text}' > /src/components/mine/main.wat\r`);
    const built = await run(s, "build mine");
    expect(built.at(-1), built.join("\n")).toBe("build: 1 built");
    const files = new MemoryFiles();
    files.entries.set("components/mine/main.wat", new TextEncoder().encode(text + "\n"));
    const node = await compile(files, "mine.wasm", ["components/mine/main.wat"], []);
    expect(await recordedOutput(s, "mine")).toEqual({ sha256: sha256Hex(node.binary), size: node.binary.length });
    // And it is a component core loads: the runtime runs /build's, signed by the builder.
    expect(checkModule("mine.wasm", node.binary).metered).toBe(true);
    await run(s, "start mine");
    expect(s.run.lines, s.run.lines.join("\n")).toContain("[init -> runtime -> mine] mine, in WAT");
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("fails a malformed .wat with its file, line and column, keeps the last good binary, and builds once it is fixed", async () => {
    const s = await bootWithCompiler(compiler);
    expect((await run(s, "build --force wat_hello")).at(-1)).toBe("build: 1 built");
    const good = await recordedOutput(s, "wat_hello");
    await run(s, `echo '(module (func $f (i32.cnst 1)))' > /src/components/wat_hello/main.wat`);
    const failed = await run(s, "build wat_hello");
    expect(failed).toContain(`components/wat_hello/main.wat:1:19: unexpected token "i32.cnst", expected an instr.`);
    expect(failed).toContain("(module (func $f (i32.cnst 1)))");
    expect(failed).toContain(" ".repeat(18) + "^");
    expect(failed.at(-2)).toBe("[1/1] wat_hello.wasm: failed (the last good /build/wat_hello.wasm stays)");
    expect(failed.at(-1)).toBe("build: 1 failed");
    expect(await recordedOutput(s, "wat_hello")).toEqual(good);
    await s.type(`echo '${logging("fixed")}' > /src/components/wat_hello/main.wat\r`);
    expect((await run(s, "build wat_hello")).at(-1)).toBe("build: 1 built");
    const fixed = await recordedOutput(s, "wat_hello");
    expect(fixed.sha256).not.toBe(good.sha256);
    await run(s, "start wat_hello");
    expect(s.run.lines, s.run.lines.join("\n")).toContain("[init -> runtime -> wat_hello] fixed");
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);
});
