// Fuel pays for straight-line code: a long loop body, a free callee's code, a long function, each by its size.
import { describe, expect, it } from "vitest";
import { codeUnits, FREE_TREE_BYTES } from "../../../../kernel/host/fuel/code_weight.ts";
import { BUDGET_EXPORT, FUEL_EXPORT, meter } from "../../../../kernel/host/fuel/meter.ts";
import { SYSCALL_UNITS } from "../../../../kernel/host/fuel/rewrite_body.ts";
import { wat } from "../../../support/system.ts";

type Fns = Record<string, (...args: number[]) => number>;

async function metered(text: string, budget: number, imports: WebAssembly.Imports = {}): Promise<{ ex: Fns; fuel: WebAssembly.Global }> {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(meter(await wat(text)).bytes as Uint8Array<ArrayBuffer>), imports);
  const ex = inst.exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = budget;
  return { ex: ex as Fns, fuel: ex[FUEL_EXPORT] as WebAssembly.Global };
}

/** `n` additions to local $x: 7 bytes each (local.get, i32.const, i32.add, local.set). */
const adds = (n: number) => "(local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(n);

describe("straight-line code", () => {
  it("charges a loop's iteration by the size of its body: a long body costs more units per iteration", async () => {
    const loop = (n: number) => `(module (func (export "run") (param $n i32) (result i32) (local $i i32) (local $x i32)
      (loop $l ${adds(n)} (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $x)))`;
    const short = await metered(loop(1), 1 << 30);
    const long = await metered(loop(400), 1 << 30);
    expect(short.ex.run!(100)).toBe(100);
    expect(long.ex.run!(100)).toBe(40_000);
    const shortPer = ((1 << 30) - (short.fuel.value as number)) / 100, longPer = ((1 << 30) - (long.fuel.value as number)) / 100;
    expect(shortPer).toBe(1);
    // 400 additions are 2,800 bytes: about 88 units an iteration.
    expect(longPer).toBeGreaterThanOrEqual(codeUnits(2800));
    expect(longPer).toBeLessThanOrEqual(codeUnits(2800 + 32));
    // So a budget buys 88 times fewer iterations of it: it stops long before the short one would.
    const capped = await metered(loop(400), 10_000);
    expect(() => capped.ex.run!(1_000_000)).toThrow(WebAssembly.RuntimeError);
    expect(capped.fuel.value).toBe(0);
  });

  it("charges a loop for the code of the uncharged function it calls, whose own entry is free", async () => {
    const text = `(module
      (func $work (param $x i32) (result i32) ${"(local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(100)} (local.get $x))
      (func (export "run") (param $n i32) (result i32) (local $i i32) (local $x i32)
        (loop $l (local.set $x (call $work (local.get $x))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $x)))`;
    const m = await metered(text, 1 << 30);
    expect(m.ex.run!(50)).toBe(5000);
    const per = ((1 << 30) - (m.fuel.value as number)) / 50;
    // $work's 700 bytes of additions: about 22 units, paid by each iteration that calls it.
    expect(per).toBeGreaterThanOrEqual(codeUnits(700));
  });

  it("charges a function longer than FREE_TREE_BYTES at its entry, by its size, though it neither loops nor recurses", async () => {
    const n = Math.ceil(FREE_TREE_BYTES / 7) * 3;
    const text = `(module
      (func $long (param $x i32) (result i32) ${"(local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(n)} (local.get $x))
      (func (export "once") (result i32) (call $long (i32.const 0))))`;
    const m = await metered(text, 1 << 30);
    expect(m.ex.once!()).toBe(n);
    const spent = (1 << 30) - (m.fuel.value as number);
    expect(spent).toBeGreaterThanOrEqual(codeUnits(7 * n));
    expect(spent).toBeLessThanOrEqual(codeUnits(7 * n + 64));
  });
});

describe("the counter at a syscall", () => {
  it("is in the global while the syscall runs, and what the host leaves there is what the module goes on with", async () => {
    let seen = -1;
    let fuel: WebAssembly.Global | null = null;
    const imports = { env: { sys: () => { seen = fuel!.value as number; fuel!.value = (fuel!.value as number) - 1000; return 0; } } };
    const text = `(module (import "env" "sys" (func $sys (result i32)))
      (func (export "run") (param $n i32) (result i32) (local $i i32)
        (loop $l (drop (call $sys)) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i)))`;
    const m = await metered(text, 100_000, imports);
    fuel = m.fuel;
    expect(m.ex.run!(3)).toBe(3);
    // Each iteration: one unit for the loop and SYSCALL_UNITS for the call, then the host's 1,000.
    expect(seen).toBe(100_000 - 3 * (1 + SYSCALL_UNITS) - 2 * 1000);
    expect(m.fuel.value).toBe(100_000 - 3 * (1 + SYSCALL_UNITS + 1000));
  });

  it("charges an entry for the locals it zeroes: a loop calling a function of 40,000 locals pays for them", async () => {
    const text = `(module
      (func $wide (param $x i32) (result i32) (local ${"i64 ".repeat(40_000)}) (local $y i32) (local.set $y (local.get $x)) (local.get $y))
      (func (export "run") (param $n i32) (result i32) (local $i i32)
        (loop $l (drop (call $wide (local.get $i))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i)))`;
    const m = await metered(text, 1 << 30);
    expect(m.ex.run!(10)).toBe(10);
    const per = ((1 << 30) - (m.fuel.value as number)) / 10;
    expect(per).toBeGreaterThanOrEqual(codeUnits(40_000));
  });
});
