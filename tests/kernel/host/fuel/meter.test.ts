// The fuel rewrite: loops and recursion spend fuel, exhaustion traps, exports refill it, the rest is unchanged.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { STACK_LIMIT_EXPORT } from "../../../../kernel/host/fuel/stack_bound.ts";
import { BUDGET_EXPORT, FUEL_EXPORT, meter } from "../../../../kernel/host/fuel/meter.ts";
import { WasmFormatError } from "../../../../kernel/host/fuel/wasm_binary.ts";
import { imageDir } from "../../../support/paths.ts";
import { wat } from "../../../support/system.ts";

interface Run {
  exports: Record<string, (...args: number[]) => number>;
  fuel: WebAssembly.Global;
  budget: WebAssembly.Global;
}

/** Instantiates the metered form of `text` with `budget` fuel per activation. */
async function metered(text: string, budget: number, imports: WebAssembly.Imports = {}): Promise<Run> {
  const bytes = meter(await wat(text)).bytes;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), imports);
  const ex = inst.exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = budget;
  return { exports: ex as Run["exports"], fuel: ex[FUEL_EXPORT] as WebAssembly.Global, budget: ex[BUDGET_EXPORT] as WebAssembly.Global };
}

const COUNT = `(module
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $i)))`;

describe("fuel metering", () => {
  it("lets a loop run within its budget and traps it past the budget, leaving the counter at zero", async () => {
    const m = await metered(COUNT, 1000);
    expect(m.exports.count!(900)).toBe(900);
    expect(() => m.exports.count!(5000)).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBeLessThanOrEqual(0);
  });

  it("stops an infinite loop", async () => {
    const m = await metered(`(module (func (export "spin") (loop $l (br $l))))`, 100_000);
    expect(() => m.exports.spin!()).toThrow(WebAssembly.RuntimeError);
    expect(m.fuel.value).toBeLessThanOrEqual(0);
  });

  it("refills the budget at every entry from the host, so each activation gets the whole of it", async () => {
    const m = await metered(COUNT, 1000);
    for (let i = 0; i < 5; i++) expect(m.exports.count!(900)).toBe(900);
  });

  it("does not let the module refill its own fuel by calling its exported functions", async () => {
    const m = await metered(`(module
      (func $refill (export "refill"))
      (func (export "spin") (loop $l (call $refill) (br $l))))`, 10_000);
    expect(() => m.exports.spin!()).toThrow(WebAssembly.RuntimeError);
  });

  it("meters recursion without loops: direct, mutual and through a table", async () => {
    // Each recursion is bounded by the stack, but fuel must stop it first at a small budget.
    const m = await metered(`(module
      (type $t (func (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $viaTable)
      (func $self (export "self") (param i32) (result i32) (call $self (i32.add (local.get 0) (i32.const 1))))
      (func $ping (export "ping") (param i32) (result i32) (call $pong (local.get 0)))
      (func $pong (param i32) (result i32) (call $ping (local.get 0)))
      (func $viaTable (export "viaTable") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0))))`, 500);
    // The recursion stack's own bound (stack_bound.ts) out of the way: fuel is what is tested here.
    (m.exports[STACK_LIMIT_EXPORT] as unknown as WebAssembly.Global).value = 0x7fffffff;
    for (const f of ["self", "ping", "viaTable"]) {
      m.fuel.value = 0;
      expect(() => m.exports[f]!(0), f).toThrow(WebAssembly.RuntimeError);
      expect(m.fuel.value, f).toBeLessThanOrEqual(0);
    }
  });

  it("charges a loop's callee from the same counter, through the write-back around calls", async () => {
    // 300 outer iterations, each calling a function that loops 3 times: about 1,200 units.
    const m = await metered(`(module
      (func $inner (local $i i32) (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 3)))))
      (func (export "outer") (result i32) (local $i i32)
        (loop $l (call $inner) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 300))))
        (local.get $i)))`, 2000);
    expect(m.exports.outer!()).toBe(300);
    expect(2000 - (m.fuel.value as number)).toBeGreaterThanOrEqual(1200);
    m.budget.value = 1000;
    expect(() => m.exports.outer!()).toThrow(WebAssembly.RuntimeError);
  });

  it("computes what the unmetered module computes", async () => {
    const text = `(module
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`;
    const plain = new WebAssembly.Instance(new WebAssembly.Module(await wat(text) as Uint8Array<ArrayBuffer>)).exports as Run["exports"];
    const m = await metered(text, 1 << 30);
    expect(m.exports.fib!(20)).toBe(plain.fib!(20));
  });

  it("leaves functions that neither loop nor recurse as they were", async () => {
    const out = meter(await wat(`(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`));
    expect(out.metered).toBe(0);
  });

  it("refuses what it cannot meter, naming the section", async () => {
    const own = await wat(`(module (global (export "${FUEL_EXPORT}") (mut i32) (i32.const 0)))`);
    expect(() => meter(own)).toThrow(/export section: the module exports "__wasmode_fuel" itself/);
    expect(() => meter(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow(WasmFormatError);
    const truncated = await wat(COUNT);
    expect(() => meter(truncated.subarray(0, truncated.length - 3))).toThrow(/unexpected end/);
  });

  it("finds every loop of the boot image's modules, as wabt counts them, and keeps them valid", async () => {
    const wabt = await wabtInit();
    for (const file of readdirSync(imageDir).filter((f) => f.endsWith(".wasm"))) {
      const bytes = new Uint8Array(readFileSync(path.join(imageDir, file)));
      const out = meter(bytes);
      const mod = wabt.readWasm(bytes, { readDebugNames: false });
      const text = mod.toText({});
      mod.destroy();
      expect(out.loops, file).toBe((text.match(/^\s*loop\b/gm) ?? []).length);
      expect(WebAssembly.validate(out.bytes as Uint8Array<ArrayBuffer>), file).toBe(true);
    }
  });
});
