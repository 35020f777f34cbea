// The stack bound the rewrite gives a module: a static base for its non-recursive calls, and guards that trap its recursion past a limit.
import { describe, expect, it } from "vitest";
import { BUDGET_EXPORT, meter } from "../../../../kernel/host/fuel/meter.ts";
import { DEFAULT_STACK_LIMIT, frameBytes, STACK_BASE_EXPORT, STACK_EXPORT, STACK_LIMIT_EXPORT } from "../../../../kernel/host/fuel/stack_bound.ts";
import { wat } from "../../../support/system.ts";

async function instance(text: string): Promise<Record<string, unknown>> {
  const ex = new WebAssembly.Instance(new WebAssembly.Module(meter(await wat(text)).bytes as Uint8Array<ArrayBuffer>)).exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = 1 << 30;
  return ex;
}
const global = (ex: Record<string, unknown>, name: string) => ex[name] as WebAssembly.Global;

const DOWN = `(module
  (func $down (export "down") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0))))
  (func $a (export "a") (param i32 i32 i32) (result i32) (local i64 i64) (call $b (local.get 0)))
  (func $b (param i32) (result i32) (local.get 0)))`;

describe("the stack bound of a module", () => {
  it("recursion within its limit computes as before, and leaves the recursion stack at zero", async () => {
    const ex = await instance(DOWN);
    expect(global(ex, STACK_LIMIT_EXPORT).value).toBe(DEFAULT_STACK_LIMIT);
    expect((ex.down as (n: number) => number)(100)).toBe(100);
    expect(global(ex, STACK_EXPORT).value).toBe(0);
  });

  it("recursion past its limit traps, with the recursion stack past the limit", async () => {
    const ex = await instance(DOWN);
    global(ex, STACK_LIMIT_EXPORT).value = 10_000;
    expect(() => (ex.down as (n: number) => number)(1000)).toThrow(WebAssembly.RuntimeError);
    expect(global(ex, STACK_EXPORT).value).toBeGreaterThan(10_000);
    // Raised, it goes through.
    const again = await instance(DOWN);
    global(again, STACK_LIMIT_EXPORT).value = 1 << 20;
    expect((again.down as (n: number) => number)(1000)).toBe(1000);
  });

  it("recursion through a table (its functions keep the counter in a global) is guarded as well", async () => {
    const text = `(module
      (type $t (func (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $viaTable)
      (func $viaTable (export "viaTable") (param i32) (result i32)
        (if (result i32) (local.get 0) (then (i32.add (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)) (i32.const 1))) (else (i32.const 0)))))`;
    const ex = await instance(text);
    expect((ex.viaTable as (n: number) => number)(100)).toBe(100);
    expect(global(ex, STACK_EXPORT).value).toBe(0);
    global(ex, STACK_LIMIT_EXPORT).value = 10_000;
    expect(() => (ex.viaTable as (n: number) => number)(1000)).toThrow(WebAssembly.RuntimeError);
    expect(global(ex, STACK_EXPORT).value).toBeGreaterThan(10_000);
  });

  it("an indirect call reaches only the tabled functions of its signature: no cycle through one of another", async () => {
    // $dispatch calls through the table with (i32) -> i32; the only tabled function of that
    // signature is $leaf. $dispatch, tabled too, has another signature: it cannot reach itself.
    const text = `(module
      (type $one (func (param i32) (result i32))) (type $two (func (param i32 i32) (result i32)))
      (table 2 funcref) (elem (i32.const 0) $leaf $dispatch)
      (func $leaf (type $one) (local.get 0))
      (func $dispatch (export "dispatch") (type $two) (call_indirect (type $one) (local.get 1) (local.get 0))))`;
    const ex = await instance(text);
    expect((ex.dispatch as (a: number, b: number) => number)(0, 7)).toBe(7);
    // Nothing recursed: the recursion stack was never charged, and both frames are in the base.
    expect(global(ex, STACK_EXPORT).value).toBe(0);
    expect(global(ex, STACK_BASE_EXPORT).value).toBe(frameBytes(2, 2) + frameBytes(1, 2));
  });

  it("the base is the deepest non-recursive path: a, then b", async () => {
    const ex = await instance(DOWN);
    // a: 3 parameters, 2 locals (+2 the rewrite may add); b: 1 parameter.
    expect(global(ex, STACK_BASE_EXPORT).value).toBe(frameBytes(3, 4) + frameBytes(1, 2));
  });

  it("a module may not export the bound's names itself", async () => {
    await expect(wat(`(module (global (export "${STACK_LIMIT_EXPORT}") i32 (i32.const 0)))`).then(meter)).rejects.toThrow(/that name is the host's/);
  });
});
