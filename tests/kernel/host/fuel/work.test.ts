// Fuel covers all work: the start section, bulk instructions by their size, call trees that never recurse, syscalls.
import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { BUDGET_EXPORT, DEFAULT_BUDGET, FUEL_EXPORT, meter, START_EXPORT } from "../../../../kernel/host/fuel/meter.ts";
import { SYSCALL_UNITS } from "../../../../kernel/host/fuel/rewrite_body.ts";
import { initConfig, runSystem, wat } from "../../../support/system.ts";
import { startWith } from "../wat_components.ts";

interface Run {
  exports: Record<string, (...args: number[]) => number>;
  fuel: WebAssembly.Global;
  memory: WebAssembly.Memory | undefined;
}

/** Assembles `text` with tail calls allowed (support/system.ts's wat refuses them). */
async function watTail(text: string): Promise<Uint8Array> {
  const mod = (await wabtInit()).parseWat("test.wat", text, { tail_call: true });
  try {
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** Instantiates the metered form of `text` with `budget` fuel per activation (its start section not yet run). */
async function metered(text: string, budget: number, imports: WebAssembly.Imports = {}): Promise<Run> {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(meter(await watTail(text)).bytes as Uint8Array<ArrayBuffer>), imports);
  const ex = inst.exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = budget;
  return { exports: ex as Run["exports"], fuel: ex[FUEL_EXPORT] as WebAssembly.Global, memory: ex.memory as WebAssembly.Memory | undefined };
}

/** A start section that counts to `n` in a loop, then sets $done. */
const START = (n: number) => `(module
  (global $done (export "done") (mut i32) (i32.const 0))
  (func $s (local $i i32)
    (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const ${n}))))
    (global.set $done (i32.const 1)))
  (start $s))`;

describe("the start section", () => {
  it("runs when the host enters it, on the budget the host set, not during instantiation", async () => {
    const small = await metered(START(5000), 1000);
    const done = (small.exports as unknown as Record<string, WebAssembly.Global>).done!;
    expect(done.value).toBe(0);
    expect(() => small.exports[START_EXPORT]!()).toThrow(WebAssembly.RuntimeError);
    expect(small.fuel.value).toBe(0);
    const large = await metered(START(5000), 10_000);
    large.exports[START_EXPORT]!();
    expect((large.exports as unknown as Record<string, WebAssembly.Global>).done!.value).toBe(1);
  });

  it("refuses a module that exports the start's name itself", async () => {
    const own = startWith("", `(func (export "${START_EXPORT}"))`);
    await expect(wat(own).then((b) => meter(b))).rejects.toThrow(/export section: the module exports "__wasmode_start" itself/);
  });

  it("in a running system, a start section gets the <start fuel> given: too little faults it, enough lets it finish", async () => {
    // 200,000 iterations: within the default budget, past a fuel of 100,000.
    const spin = await wat(startWith(`(call $exit (i32.const 7))`, `(func $s (local $i i32)
      (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 200000)))))
      (start $s)`));
    const starved = await runSystem(initConfig(`<start name="spin" fuel="100000"/> <start name="hello"/>`), { spin });
    expect(starved.lines).toContain("[core] init -> spin: fault: out of fuel: spent all 100000 units of its budget in one activation (loops, calls, bulk memory work, syscalls)");
    expect(starved.lines).toContain("[init -> hello] Hello");
    const fed = await runSystem(initConfig(`<start name="spin" fuel="1000000"/>`), { spin });
    expect(fed.sys.faults).toEqual([]);
    expect(fed.lines).toContain(`[init] child "spin" exited with exit value 7`);
  });
});

describe("bulk instructions, charged by their size operand", () => {
  const MIB16 = 16 << 20;
  it("stops a loop of 16 MiB memory.fill after a number of iterations the budget buys, not one unit each", async () => {
    // Each iteration counts itself at address 0, then fills the rest.
    const m = await metered(`(module (memory (export "memory") 257)
      (func (export "fills") (loop $l
        (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
        (memory.fill (i32.const 16) (i32.const 1) (i32.const ${MIB16}))
        (br $l))))`, 1 << 24);
    expect(() => m.exports.fills!()).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBe(0);
    const iterations = new Int32Array(m.memory!.buffer, 0, 1)[0]!;
    // 2^24 units at a unit per 16 bytes: 16 fills of 16 MiB, where one unit an iteration allowed 2^23.
    expect(iterations).toBeGreaterThanOrEqual(15);
    expect(iterations).toBeLessThanOrEqual(17);
    // Under the default budget: a thousand or so, not hundreds of millions.
    expect(DEFAULT_BUDGET / (MIB16 / 16)).toBeLessThanOrEqual(1024);
  });

  it("charges memory.fill, memory.copy, memory.init, memory.grow and the table instructions by their size, keeping their results", async () => {
    const m = await metered(`(module (memory (export "memory") 1 4) (table $t 10 5000 funcref) (data $d "0123456789abcdef0123456789abcdef")
      (elem $e func $f $f $f $f)
      (func $f)
      (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
      (func (export "copy") (param i32) (memory.copy (i32.const 0) (i32.const 100) (local.get 0)))
      (func (export "init") (param i32) (memory.init $d (i32.const 0) (i32.const 0) (local.get 0)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "tgrow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
      (func (export "tfill") (param i32) (table.fill $t (i32.const 0) (ref.func $f) (local.get 0)))
      (func (export "tcopy") (param i32) (table.copy $t $t (i32.const 0) (i32.const 1) (local.get 0)))
      (func (export "tinit") (param i32) (table.init $t $e (i32.const 0) (i32.const 0) (local.get 0))))`, 1 << 30);
    const spent = (f: string, arg: number): number => {
      m.exports[f]!(arg);
      return (1 << 30) - (m.fuel.value as number);
    };
    expect(spent("fill", 16_000)).toBeGreaterThanOrEqual(1000);
    expect(new Uint8Array(m.memory!.buffer)[15_999]).toBe(7);
    expect(spent("copy", 32_000)).toBeGreaterThanOrEqual(2000);
    expect(spent("init", 32)).toBeGreaterThanOrEqual(2);
    expect(spent("grow", 2)).toBeGreaterThanOrEqual(2 * 4096);
    expect(m.memory!.buffer.byteLength).toBe(3 * 65536);
    expect(m.exports.grow!(100)).toBe(-1);
    expect(spent("tgrow", 1000)).toBeGreaterThanOrEqual(1000);
    expect(m.exports.tgrow!(10)).toBe(1010);
    // Past the table's bound a grow fails at once: it costs no more than the bound.
    expect(m.exports.tgrow!(1 << 30)).toBe(-1);
    expect(spent("tgrow", 1 << 30)).toBeLessThanOrEqual(5001 + 1);
    expect(spent("tfill", 1000)).toBeGreaterThanOrEqual(1000);
    expect(spent("tcopy", 1000)).toBeGreaterThanOrEqual(1000);
    expect(spent("tinit", 4)).toBeGreaterThanOrEqual(4);
    // A size of zero still costs a unit, and traps as before past the end.
    expect(spent("fill", 0)).toBeGreaterThanOrEqual(1);
    expect(() => m.exports.fill!(1 << 20)).toThrow(/out of bounds/);
  });
});

/** A loop-free call graph of `depth` levels where each function calls the next twice: 2^depth calls. */
function doubling(depth: number): string {
  const funcs = [`(func $f${depth} (global.set $n (i32.add (global.get $n) (i32.const 1))))`];
  for (let i = depth - 1; i >= 0; i--) funcs.push(`(func $f${i} ${i === 0 ? `(export "run")` : ""} (call $f${i + 1}) (call $f${i + 1}))`);
  return `(module (global $n (export "n") (mut i32) (i32.const 0)) ${funcs.join("\n")})`;
}

describe("calls that never recurse", () => {
  it("charges a loop-free call graph that doubles at each level, so 2^40 calls run out of fuel", async () => {
    const m = await metered(doubling(40), 100_000);
    expect(() => m.exports.run!()).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBe(0);
    const calls = (m.exports as unknown as Record<string, WebAssembly.Global>).n!.value as number;
    // At most FREE_CALL_TREE calls for each unit spent.
    expect(calls).toBeLessThanOrEqual(100_000 * 16);
  });

  it("leaves a small call tree free of checks, and lets a larger one run when the budget allows", async () => {
    expect(meter(await wat(doubling(2))).metered).toBe(0);
    const m = await metered(doubling(12), 100_000);
    m.exports.run!();
    expect((m.exports as unknown as Record<string, WebAssembly.Global>).n!.value).toBe(4096);
  });
});

describe("syscalls", () => {
  it("cost SYSCALL_UNITS each, so a loop of them runs out of fuel where a plain loop does not", async () => {
    let n = 0;
    const m = await metered(`(module (import "wasmode" "signal" (func $signal (param i32) (result i32)))
      (func (export "spin") (param $k i32) (local $i i32)
        (loop $l (drop (call $signal (i32.const 0))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $k))))))`,
      100 * SYSCALL_UNITS, { wasmode: { signal: () => { n++; return 0; } } });
    m.exports.spin!(90);
    expect(n).toBe(90);
    n = 0;
    expect(() => m.exports.spin!(200)).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBe(0);
    expect(n).toBeLessThan(100);
  });

  it("cost as much called through a table or as a tail call", async () => {
    let n = 0;
    const m = await metered(`(module (import "wasmode" "signal" (func $signal (param i32) (result i32)))
      (type $t (func (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $signal)
      (func $tail (param i32) (result i32) (return_call $signal (local.get 0)))
      (func (export "indirect") (param $k i32) (local $i i32)
        (loop $l (drop (call_indirect (type $t) (i32.const 0) (i32.const 0))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $k)))))
      (func (export "tail") (param $k i32) (local $i i32)
        (loop $l (drop (call $tail (i32.const 0))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $k))))))`,
      100 * SYSCALL_UNITS, { wasmode: { signal: () => { n++; return 0; } } });
    for (const f of ["indirect", "tail"]) {
      n = 0;
      m.exports[f]!(90);
      expect(n, f).toBe(90);
      n = 0;
      expect(() => m.exports[f]!(200), f).toThrow(WebAssembly.RuntimeError);
      expect(n, f).toBeLessThan(100);
    }
  });

  it("in a running system, an endless loop of syscalls faults by fuel and its neighbour runs", async () => {
    const spin = await wat(startWith(`(loop $l (drop (call $call (i32.const 99))) (br $l))`));
    const run = await runSystem(initConfig(`<start name="spin" fuel="1000000"/> <start name="hello"/>`), { spin });
    expect(run.lines).toContain("[core] init -> spin: fault: out of fuel: spent all 1000000 units of its budget in one activation (loops, calls, bulk memory work, syscalls)");
    expect(run.lines).toContain("[init -> hello] Hello");
  });
});
