// The loader refuses modules before instantiation: not Wasm, invalid, ambient imports, no imported memory.
import { describe, expect, it } from "vitest";
import { checkModule } from "../../../kernel/host/module_check.ts";
import { LoadError } from "../../../kernel/host/errors.ts";
import { initConfig, runSystem, wat } from "../../support/system.ts";
import { startWith } from "./wat_components.ts";

function refusal(name: string, bytes: Uint8Array): string {
  try {
    checkModule(name, bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    return (e as Error).message;
  }
  throw new Error("the module was accepted");
}

describe("module checks", () => {
  it("accepts a component that imports only memory, the syscalls and abort", async () => {
    const m = checkModule("ok", await wat(startWith("")));
    expect(m.minPages).toBe(1);
  });

  it("refuses a file that is not Wasm, naming the module", () => {
    expect(refusal("notes.txt", new TextEncoder().encode("hello, world"))).toBe("notes.txt: not a WebAssembly module (no \\0asm header)");
  });

  it("refuses invalid Wasm with the engine's reason and where in the module", () => {
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 0xff]);
    expect(refusal("broken", bytes)).toMatch(/^broken: invalid WebAssembly in the section table: .*Type.* extends past end/);
  });

  it("refuses a `call` syscall of the wrong type, naming it and the type it must have", async () => {
    const bytes = await wat(`(module
      (import "env" "memory" (memory 1))
      (import "wasmode" "call" (func $call (param i32 i32) (result i32)))
      (global (export "__ipc_buffer") i32 (i32.const 1024))
      (func (export "_start") (drop (call $call (i32.const 1) (i32.const 2)))))`);
    expect(refusal("odd", bytes)).toBe(`odd: import "wasmode"."call" has type (i32, i32) -> i32: the syscall is (i32) -> i32`);
    const twice = await wat(`(module
      (import "env" "memory" (memory 1))
      (import "wasmode" "call" (func $wrong (param i64) (result i32)))
      (import "wasmode" "call" (func $call (param i32) (result i32)))
      (global (export "__ipc_buffer") i32 (i32.const 1024)))`);
    expect(refusal("twice", twice)).toBe(`twice: import "wasmode"."call" has type (i64) -> i32: the syscall is (i32) -> i32`);
  });

  it("refuses a __dispatch of the wrong type: the serve gate could not link with it", async () => {
    const bytes = await wat(`(module
      (import "env" "memory" (memory 1))
      (global (export "__ipc_buffer") i32 (i32.const 1024))
      (func (export "__dispatch") (param i32) (result i32) (i32.const 0)))`);
    expect(refusal("odd", bytes)).toBe(`odd: export __dispatch has type (i32) -> i32: it must be (i32, i32, i32) -> i32`);
  });

  it("refuses an ambient import, naming module and import, before instantiation", async () => {
    const bytes = await wat(`(module
      (import "env" "memory" (memory 1))
      (import "env" "fetch" (func $fetch (param i32)))
      (global (export "__ipc_buffer") i32 (i32.const 1024))
      (func (export "_start") (call $fetch (i32.const 0))))`);
    expect(refusal("spy", bytes)).toBe(`spy: import "env"."fetch" (function) is not allowed: a component may import only its memory, the syscalls and abort`);
  });

  it("refuses an unknown syscall and an imported table or global", async () => {
    const fn = await wat(`(module (import "env" "memory" (memory 1)) (import "wasmode" "spawn" (func)) (global (export "__ipc_buffer") i32 (i32.const 0)))`);
    expect(refusal("a", fn)).toMatch(/import "wasmode"."spawn"/);
    const g = await wat(`(module (import "env" "memory" (memory 1)) (import "env" "seed" (global i32)) (global (export "__ipc_buffer") i32 (i32.const 0)))`);
    expect(refusal("b", g)).toMatch(/import "env"."seed" \(global\)/);
  });

  it("refuses a module that brings its own memory (the host could not bound it)", async () => {
    const bytes = await wat(`(module (memory 1) (global (export "__ipc_buffer") i32 (i32.const 0)))`);
    expect(refusal("greedy", bytes)).toMatch(/greedy: does not import its memory/);
  });

  it("refuses a module without an IPC buffer", async () => {
    const bytes = await wat(`(module (import "env" "memory" (memory 1)))`);
    expect(refusal("mute", bytes)).toBe("mute: does not export its IPC buffer (__ipc_buffer)");
  });

  it("in a running system: the refused child is not started, its siblings are, and init says why in one line", async () => {
    const spy = await wat(`(module (import "env" "memory" (memory 1)) (import "env" "fetch" (func))
      (global (export "__ipc_buffer") i32 (i32.const 1024)) (func (export "_start")))`);
    const run = await runSystem(initConfig(`<start name="spy"/> <start name="hello"/>`), { spy });
    expect(run.lines).toContain(`[init] child "spy" not started: spy: import "env"."fetch" (function) is not allowed: a component may import only its memory, the syscalls and abort`);
    expect(run.lines).toContain("[init -> hello] Hello");
    expect(run.sys.refused.map((r) => r.label)).toEqual(["init -> spy"]);
    // The refused child never got a PD; hello did.
    expect([...run.core.labels.values()]).toEqual(["core", "init", "init -> hello"]);
  });

  it("refuses a child whose memory does not fit its RAM quota", async () => {
    const big = await wat(`(module (import "env" "memory" (memory 64)) (global (export "__ipc_buffer") i32 (i32.const 1024)) (func (export "_start")))`);
    const run = await runSystem(initConfig(`<start name="big" ram="1M"/>`), { big });
    expect(run.lines).toContain(`[init] child "big" not started: big: needs 4096 KiB of memory but "init -> big" has a RAM quota of 1012 KiB`); // 1 MiB less its environment (PD, LOG, binary ROM: 4 KiB each)
  });
});
