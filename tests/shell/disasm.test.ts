// `disasm NAME [--func FUNC]` in the default system's shell: a running component's binary as WAT, made by core's compiler device and streamed to the terminal.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { disassemble } from "../../kernel/host/builder/disassemble.ts";
import { nodeCompiler } from "../../kernel/host/devices/node_compiler.ts";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { repoRoot } from "../support/paths.ts";
import { bootWithCompiler, defaultSystem, run } from "../components/builder/build_screen.ts";
import { Screen } from "./screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

const image = (name: string) => new Uint8Array(readFileSync(path.join(repoRoot, "build/image", name)));

/** Types `command` and gives everything it printed (not only what the screen still shows), as text with "\n". */
async function printed(s: Screen, command: string): Promise<string> {
  const before = s.device.output().length;
  await s.type(`${command}\r`);
  const text = new TextDecoder().decode(s.device.output().subarray(before));
  // After the echoed line, up to the next prompt.
  const start = text.indexOf("\r\n") + 2;
  const end = text.lastIndexOf("\x1b[1m/\x1b[0m $ ");
  return text.slice(start, end).replaceAll("\r\n", "\n");
}

describe("disasm in the shell", () => {
  it("prints a running component's binary as wabt's WAT, a long one in pieces, all of it", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "start wat_hello");
    const small = await printed(s, "disasm wat_hello");
    expect(small.startsWith("(module\n"), small).toBe(true);
    expect(small).toContain(`(import "wasmode" "call" (func $wasmode.call`);
    expect(small).toContain(`(export "__ipc_buffer" (global`);
    expect(small).toBe(await disassemble(image("wat_hello.wasm")));
    // The timer's text is some 270 KB: many pieces over several of the shell's activations, none lost or doubled.
    const timer = await printed(s, "disasm timer");
    const expected = await disassemble(image("timer.wasm"));
    expect(expected.length).toBeGreaterThan(100_000);
    expect(timer.length).toBe(expected.length);
    expect(timer === expected).toBe(true);
    // The shell's next line runs as usual.
    expect(await run(s, "echo done")).toEqual(["done"]);
    // Redirected, the whole text goes to the file once it is complete, and nothing to the screen; the line goes on.
    expect(await printed(s, "disasm wat_hello > /hello.wat; echo written")).toBe("written\n");
    expect(await printed(s, "cat /hello.wat")).toBe(small);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("prints one function with --func, and names a few when there is no such function", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "start wat_hello");
    const one = await printed(s, "disasm wat_hello --func _start");
    expect(one.startsWith("(func $_start (type "), one).toBe(true);
    expect(one.match(/\(func /g)).toHaveLength(1);
    expect(one.trimEnd().endsWith(")")).toBe(true);
    expect(one).toContain("call $wasmode.exit");
    expect(await printed(s, "disasm wat_hello --func $_start")).toBe(one);
    const missing = await run(s, "disasm wat_hello --func nope");
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^disasm: wat_hello: no function nope; its functions include \$_start, \$f\d+, \$f\d+$/);
    const many = await run(s, "disasm timer --func nope");
    expect(many.join("")).toMatch(/^disasm: timer: no function nope; its functions include \$_start, .*, … \(\d+ in all\)$/);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("says so for a component not running, core, and bad usage", async () => {
    const s = await bootWithCompiler(compiler);
    expect(await run(s, "disasm ghost")).toEqual(["disasm: ghost: no such component running"]);
    expect(await run(s, "disasm core")).toEqual(["disasm: core is the host's own code, not a Wasm component"]);
    expect(await run(s, "disasm")).toEqual(["disasm: which component? (disasm NAME [--func FUNC])"]);
    expect(await run(s, "disasm timer --func")).toEqual(["disasm: --func takes a function's name (disasm NAME [--func FUNC])"]);
    expect(await run(s, "disasm timer --fast")).toEqual(["disasm: unknown option --fast (disasm NAME [--func FUNC])"]);
  }, 120_000);

  it("says so in one line on a platform without a compiler device", async () => {
    const s = await new Screen(new MemoryStorage(), 160, 60).boot(defaultSystem);
    expect(await run(s, "disasm timer")).toEqual(["disasm: disassembling needs core's compiler device, and this platform has none"]);
    expect(await run(s, "echo still here")).toEqual(["still here"]);
  }, 120_000);
});
