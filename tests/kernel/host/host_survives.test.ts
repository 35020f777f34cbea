// The host survives every module shape: odd memories are refused at load or fault alone, and a healthy neighbour keeps running.
import { describe, expect, it } from "vitest";
import { LoadError } from "../../../kernel/host/errors.ts";
import { checkModule } from "../../../kernel/host/module_check.ts";
import { initConfig, runSystem, wat } from "../../support/system.ts";

/** A component with `memory` as its memory import (WebAssembly text) and an IPC buffer at 1024. */
function withMemory(memory: string, start = "", extra = ""): string {
  return `(module
  (import "env" "memory" ${memory})
  (import "wasmode" "exit" (func $exit (param i32)))
  (global (export "__ipc_buffer") i32 (i32.const 1024))
  ${extra}
  (func (export "_start") ${start}))`;
}

function refusal(bytes: Uint8Array): string {
  try {
    checkModule("odd.wasm", bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    return (e as Error).message;
  }
  throw new Error("accepted");
}

describe("odd memory shapes at load", () => {
  it("refuses a memory whose maximum is 0 pages: it cannot hold the IPC buffer", async () => {
    expect(refusal(await wat(withMemory("(memory 0 0)")))).toMatch(/^odd\.wasm: its memory may hold at most 0 pages/);
  });

  it("refuses a shared memory: the host gives each component its own", async () => {
    expect(refusal(await wat(`(module
  (import "env" "memory" (memory 1 2 shared))
  (global (export "__ipc_buffer") i32 (i32.const 1024)))`))).toMatch(/^odd\.wasm: imports a shared memory/);
  });

  it("refuses a maximum below the minimum as invalid WebAssembly", () => {
    // (import "env" "memory" (memory 2 1)): wabt refuses to assemble it, so by hand.
    const bytes = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x10, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 1, 2, 1);
    expect(refusal(bytes)).toMatch(/^odd\.wasm: invalid WebAssembly in the import section: /);
  });
});

describe("odd memory shapes in a running system", () => {
  it("a memory of 0 pages is that component's fault; the host and its neighbour run on", async () => {
    const run = await runSystem(initConfig(`<start name="empty"/> <start name="hello"/>`), { empty: await wat(withMemory("(memory 0)")) });
    expect(run.lines).toContain("[init -> hello] Hello");
    const fault = run.sys.faults.find((f) => f.label === "init -> empty");
    expect(fault?.reason).toMatch(/IPC buffer at 1024 is not a 4-aligned region of \d+ bytes inside its memory/);
  });

  it("a memory of 0 pages that its start section grows to hold the IPC buffer runs", async () => {
    const grows = withMemory("(memory 0)", `(call $exit (i32.const 0))`, `(func $grow (drop (memory.grow (i32.const 1)))) (start $grow)`);
    const run = await runSystem(initConfig(`<start name="grows"/> <start name="hello"/>`), { grows: await wat(grows) });
    expect(run.sys.faults).toEqual([]);
    expect(run.lines).toContain("[init -> hello] Hello");
  });

  it("a declared maximum below the RAM quota bounds the memory, and the component runs", async () => {
    const bounded = withMemory("(memory 1 2)", `(if (i32.ne (memory.grow (i32.const 2)) (i32.const -1)) (then unreachable)) (call $exit (i32.const 0))`);
    const run = await runSystem(initConfig(`<start name="bounded"/> <start name="hello"/>`), { bounded: await wat(bounded) });
    expect(run.sys.faults).toEqual([]);
    expect(run.lines).toContain("[init -> hello] Hello");
  });

  it("a minimum past the RAM quota is refused at load, naming both", async () => {
    const run = await runSystem(initConfig(`<start name="huge"/> <start name="hello"/>`), { huge: await wat(withMemory("(memory 65536)")) });
    expect(run.lines).toContain("[init -> hello] Hello");
    expect(run.sys.refused.map((r) => r.reason).join("\n")).toMatch(/needs 4194304 KiB of memory but "[^"]*huge" has a RAM quota of \d+ KiB/);
  });
});

describe("a module is validated as given, before the fuel rewrite", () => {
  // The rewrite appends two globals after the module's own (here __ipc_buffer, global 0): the
  // counter (1) and the budget (2). A module that names them is invalid as given.
  const readsBudget = withMemory("(memory 1)", "(call $exit (global.get 2))");
  const refillsFuel = withMemory("(memory 1)", "(global.set 1 (i32.const 0x7fffffff)) (loop $l (br $l))");

  it("refuses a module that reads the budget the rewrite appends, naming where it is invalid", async () => {
    expect(refusal(await wat(readsBudget))).toMatch(/^odd\.wasm: invalid WebAssembly in the code section: .*global/i);
  });

  it("refuses a module that sets the fuel counter the rewrite appends", async () => {
    expect(refusal(await wat(refillsFuel))).toMatch(/^odd\.wasm: invalid WebAssembly in the code section: /);
  });

  it("refuses them with and without a meter cache, and unmetered", async () => {
    const bytes = await wat(readsBudget);
    const store = new Map<string, Uint8Array>();
    const cache = { get: (b: Uint8Array) => store.get(String(b.length)) ?? null, put: (b: Uint8Array, m: Uint8Array) => void store.set(String(b.length), m) };
    // A cache holding a valid rewrite for these bytes does not make them valid.
    store.set(String(bytes.length), await wat(withMemory("(memory 1)")));
    expect(() => checkModule("odd.wasm", bytes, { cache })).toThrow(/^odd\.wasm: invalid WebAssembly in the code section/);
    expect(() => checkModule("odd.wasm", bytes, { meter: false })).toThrow(/^odd\.wasm: invalid WebAssembly in the code section/);
  });

  it("in a running system: refused at load, and its neighbour runs", async () => {
    const run = await runSystem(initConfig(`<start name="sneak"/> <start name="hello"/>`), { sneak: await wat(readsBudget) });
    expect(run.lines).toContain("[init -> hello] Hello");
    expect(run.sys.refused.map((r) => r.reason).join("\n")).toMatch(/invalid WebAssembly in the code section/);
    expect(run.sys.faults).toEqual([]);
  });

  it("a module cannot export a name the rewrite uses for the host's globals", async () => {
    const own = await wat(withMemory("(memory 1)", "", `(global (export "__wasmode_budget") (mut i32) (i32.const 1))`));
    expect(refusal(own)).toMatch(/^odd\.wasm: export section: the module exports "__wasmode_budget" itself: that name is the host's/);
  });
});
