// Counted loops charged on entry and the counter threaded through calls: exact where the shape is proven, per iteration otherwise.
import { describe, expect, it } from "vitest";
import { BUDGET_EXPORT, FUEL_EXPORT, meter } from "../../../../kernel/host/fuel/meter.ts";
import { STACK_LIMIT_EXPORT } from "../../../../kernel/host/fuel/stack_bound.ts";
import { wat } from "../../../support/system.ts";

type Fns = Record<string, (...args: number[]) => number>;

async function metered(text: string, budget: number) {
  const out = meter(await wat(text));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(out.bytes as Uint8Array<ArrayBuffer>));
  const ex = inst.exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = budget;
  return { ex: ex as Fns, fuel: ex[FUEL_EXPORT] as WebAssembly.Global, out };
}

/** `for (i = 0; i < n; i++) BODY` as AssemblyScript emits it; `test` compares i and n. */
const forLoop = (body: string, test = "(i32.lt_s (local.get $i) (local.get $n))", extra = "") => `(module
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $s i32) ${extra}
    (loop $head
      (if ${test}
        (then ${body}
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $head))))
    (local.get $s)))`;

describe("counted loops", () => {
  it("charges a counted loop its trip count on entry: exact, and trapping at zero when it does not fit", async () => {
    const m = await metered(forLoop("(local.set $s (i32.add (local.get $s) (local.get $i)))"), 1000);
    expect(m.ex.run!(100)).toBe(4950);
    expect(1000 - (m.fuel.value as number)).toBe(101);
    expect(m.ex.run!(998)).toBe((998 * 997) / 2);
    expect(m.fuel.value).toBe(1);
    expect(() => m.ex.run!(999)).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBe(0);
    // A bound of 2^31-1 is charged at once, not run: it cannot fit.
    expect(() => m.ex.run!(0x7fffffff)).toThrow(WebAssembly.RuntimeError);
    expect(m.ex.run!(-5)).toBe(0);
  });

  it("traps a counted loop that cannot fit before its first iteration (per iteration, it would run until zero)", async () => {
    const text = forLoop("(global.set $g (i32.add (global.get $g) (i32.const 1)))").replace("(module", `(module (global $g (export "g") (mut i32) (i32.const 0))`);
    const m = await metered(text, 1000);
    expect(() => m.ex.run!(5000)).toThrow(WebAssembly.RuntimeError);
    expect(((m.ex as unknown as Record<string, WebAssembly.Global>).g!).value).toBe(0);
    // The same loop with its induction variable written in the body is metered per iteration.
    const per = await metered(text.replace("(global.set $g", "(local.set $i (local.get $i)) (global.set $g"), 1000);
    expect(() => per.ex.run!(5000)).toThrow(WebAssembly.RuntimeError);
    expect(((per.ex as unknown as Record<string, WebAssembly.Global>).g!).value).toBe(999);
  });

  it("takes unsigned tests, constant bounds and the test written the other way round", async () => {
    for (const test of ["(i32.lt_u (local.get $i) (local.get $n))", "(i32.gt_s (local.get $n) (local.get $i))", "(i32.gt_u (local.get $n) (local.get $i))"]) {
      const m = await metered(forLoop("(local.set $s (i32.add (local.get $s) (i32.const 1)))", test), 1000);
      expect(m.ex.run!(500), test).toBe(500);
      expect(1000 - (m.fuel.value as number), test).toBe(501);
      // -1 is no iteration under a signed test, 2^32-1 of them under an unsigned one: charged at once.
      if (test.includes("_u")) expect(() => m.ex.run!(-1), test).toThrow(WebAssembly.RuntimeError);
      else expect(m.ex.run!(-1), test).toBe(0);
    }
    const c = await metered(forLoop("(local.set $s (i32.add (local.get $s) (i32.const 1)))", "(i32.lt_s (local.get $i) (i32.const 300))"), 1000);
    expect(c.ex.run!(0)).toBe(300);
    expect(1000 - (c.fuel.value as number)).toBe(301);
  });

  // Each adversarial loop never ends: it must not be taken as counted, and fuel must stop it.
  const endless: [string, string][] = [
    ["the induction variable written in the body", forLoop("(local.set $i (i32.const 0))")],
    ["the induction variable written by a tee", forLoop("(drop (local.tee $i (i32.const 0)))")],
    ["the bound raised in the body", forLoop("(local.set $n (i32.add (local.get $n) (i32.const 1)))")],
    ["a br_if to the header from a nested block", forLoop("(block $b (br_if $head (i32.const 1)))")],
    ["a br_table to the header", forLoop("(block $b (br_table $b $head (i32.const 1)))")],
    ["an else branch that loops back", `(module (func (export "run") (param $n i32) (result i32) (local $i i32)
      (loop $head (if (i32.lt_s (local.get $i) (local.get $n))
        (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $head))
        (else (local.set $i (i32.const 0)) (br $head))))
      (local.get $i)))`],
    ["code after the if that loops back", `(module (func (export "run") (param $n i32) (result i32) (local $i i32)
      (loop $head (if (i32.lt_s (local.get $i) (local.get $n))
        (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $head)))
        (local.set $i (i32.const 0)) (br $head))
      (local.get $i)))`],
    ["an induction variable that is also the bound", forLoop("", "(i32.lt_s (local.get $i) (local.get $i))").replace("(local.get $s)))", "(local.get $s)) (func (export \"x\") (loop $l (br $l))))")],
    ["a step of 0 (i = i + 0)", forLoop("").replace("(i32.const 1)))\n          (br $head)", "(i32.const 0)))\n          (br $head)")],
    ["a decrement under <", forLoop("").replace("(i32.add (local.get $i) (i32.const 1))", "(i32.sub (local.get $i) (i32.const 1))")],
    ["a counted loop inside whose body the outer counter is reset", `(module (func (export "run") (param $n i32) (result i32) (local $i i32) (local $j i32)
      (loop $outer (if (i32.lt_s (local.get $i) (local.get $n)) (then
        (local.set $j (i32.const 0))
        (loop $inner (if (i32.lt_s (local.get $j) (i32.const 3)) (then
          (local.set $i (i32.const 0))
          (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $inner))))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $outer))))
      (local.get $i)))`],
  ];
  for (const [what, text] of endless) {
    it(`stops a loop that never ends: ${what}`, async () => {
      const m = await metered(text, 100_000);
      const run = what.includes("also the bound") ? m.ex.x! : m.ex.run!;
      expect(() => run(10)).toThrow(WebAssembly.RuntimeError);
      expect(m.fuel.value).toBe(0);
    });
  }

  it("meters a loop left early per iteration, so that the exit is not charged the whole count", async () => {
    const early = (leave: string) => `(module (func (export "run") (param $n i32) (result i32) (local $i i32)
      (block $out (loop $head (if (i32.lt_s (local.get $i) (local.get $n)) (then
        (block $b ${leave})
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $head)))))
      (local.get $i)))`;
    // A break out of the loop at i = 5, a branch to the if's end at i = 5 (which leaves the loop too), a return.
    // Six iterations begun, each of one unit (a body of up to 32 bytes), the return's of two (33-64: code_weight.ts).
    const cases: [string, number][] = [["(br_if $out (i32.eq (local.get $i) (i32.const 5)))", 1], ["(br_if 1 (i32.eq (local.get $i) (i32.const 5)))", 1], ["(if (i32.eq (local.get $i) (i32.const 5)) (then (return (local.get $i))))", 2]];
    for (const [leave, units] of cases) {
      const m = await metered(early(leave), 100);
      expect(m.ex.run!(0x7fffffff), leave).toBe(5);
      expect(100 - (m.fuel.value as number), leave).toBe(6 * units);
    }
  });
});

describe("the counter threaded through calls", () => {
  it("keeps results, locals past the parameters and multiple results right", async () => {
    const text = `(module
      (func $pair (param $a i32) (param $d i32) (result i32 i32) (local $x i32) (local $y i64)
        (local.set $x (i32.add (local.get $a) (i32.const 1)))
        (if (i32.gt_s (local.get $d) (i32.const 0)) (then (return (call $pair (local.get $x) (i32.sub (local.get $d) (i32.const 1))))))
        (local.set $y (i64.extend_i32_s (local.get $x)))
        (i32.wrap_i64 (local.get $y)) (local.get $d))
      (func (export "run") (param $n i32) (result i32) (local $s i32)
        (call $pair (local.get $n) (i32.const 20))
        (local.set $s)
        (i32.add (local.get $s))))`;
    const plain = new WebAssembly.Instance(new WebAssembly.Module(await wat(text) as Uint8Array<ArrayBuffer>)).exports as Fns;
    const m = await metered(text, 1000);
    expect(m.ex.run!(7)).toBe(plain.run!(7));
    // 21 entries of $pair, a body of 33-64 bytes: two units each (code_weight.ts).
    expect(1000 - (m.fuel.value as number)).toBe(42);
  });

  it("meters a module with tail calls through the global, and stops its endless recursion", async () => {
    // (func $f (export "f") (param i32) (result i32) (return_call $f (local.get 0))), by hand: wabt's text parser wants a flag for it.
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0,
      10, 8, 1, 6, 0, 0x20, 0, 0x12, 0, 0x0b]);
    const out = meter(bytes);
    const ex = new WebAssembly.Instance(new WebAssembly.Module(out.bytes as Uint8Array<ArrayBuffer>)).exports as Record<string, unknown>;
    (ex[BUDGET_EXPORT] as WebAssembly.Global).value = 1000;
    // The recursion stack's own bound (stack_bound.ts) out of the way: fuel is what is tested here.
    (ex[STACK_LIMIT_EXPORT] as WebAssembly.Global).value = 0x7fffffff;
    expect(() => (ex.f as Fns[string])!(1)).toThrow(WebAssembly.RuntimeError);
    expect((ex[FUEL_EXPORT] as WebAssembly.Global).value).toBe(0);
  });

  it("stops endless recursion of a threaded function, and a loop calling one", async () => {
    const m = await metered(`(module
      (func $down (param i32) (result i32) (if (result i32) (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))
      (func (export "spin") (loop $l (drop (call $down (i32.const 3))) (br $l))))`, 10_000);
    expect(() => m.ex.spin!()).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBe(0);
  });
});
