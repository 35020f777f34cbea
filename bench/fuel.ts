// The price of fuel: CPU-bound workloads metered against unmetered, and the cost of the rewrite itself.
//
// Each workload runs in the instances of bench/components/fuel_work in turn, so that all see the same
// machine; a sample is the ratio of one metered run to the unmetered run beside it.
import { Err } from "../kernel/abi.ts";
import { BUDGET_EXPORT, meter } from "../kernel/host/fuel/meter.ts";
import { checkModule } from "../kernel/host/module_check.ts";
import { median, now } from "./stats.ts";

type Exports = Record<string, (...args: number[]) => number>;

/** The workloads and their arguments: loops, recursion, the collector. */
export const WORKLOADS: [name: string, fn: string, args: number[]][] = [
  ["sieve (loops)", "sieve", [16_000_000]],
  ["matmul (loops)", "matmul", [300]],
  ["fib (recursion)", "fib", [32]],
  ["trees (recursion, GC)", "trees", [15, 30]],
  ["words (Map, strings, sort)", "words", [300_000]],
];

function instance(bytes: Uint8Array, metered: boolean): Exports {
  const checked = checkModule("fuel_work", bytes, { meter: metered });
  const memory = new WebAssembly.Memory({ initial: checked.minPages, maximum: 4096 });
  // No kernel: every syscall fails (the start's heartbeat registration with its parent, say).
  const fail = () => Err.BadCap;
  const inst = new WebAssembly.Instance(checked.module, {
    env: { memory, abort: () => { throw new Error("fuel_work aborted"); } },
    wasmode: { call: fail, signal: fail, derive: fail, drop: fail, endpoint: fail, signal_create: fail, exit: fail },
  });
  const ex = inst.exports as unknown as Exports;
  // The workloads run for seconds: on the largest budget, so that the price of metering is what is measured.
  const budget = (inst.exports as Record<string, unknown>)[BUDGET_EXPORT];
  if (budget instanceof WebAssembly.Global) budget.value = 0x7fffffff;
  ex._start?.();
  return ex;
}

export interface FuelResult {
  name: string;
  /** Median slowdown of the metered instance against the unmetered one, in percent. */
  overheadPct: number;
  /** The same measure between two unmetered instances: what the method reads when nothing is metered. */
  floorPct: number;
  /** Median ms of one run, metered and unmetered. */
  meteredMs: number;
  plainMs: number;
}

/** The orders the three instances of a round run in: over 6 rounds each goes before each other one as often as after. */
const ORDERS = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]] as const;

/**
 * Median slowdown in percent of each workload, over `reps` rounds after `warmup` (a multiple of 6
 * keeps the orders balanced). A round runs the
 * workload in three instances: unmetered (the reference), metered, and a second unmetered one; a
 * sample is the ratio of the metered, and of the second unmetered, run to the reference run of the
 * same round. The second ratio is the baseline: the slowdown this method finds where there is none
 * (a different module of the same code, placement, the machine's drift), so the percent's floor.
 */
export function benchFuelOverhead(bytes: Uint8Array, reps: number, warmup: number): FuelResult[] {
  const instances = [instance(bytes, false), instance(bytes, true), instance(bytes, false)];
  return WORKLOADS.map(([name, fn, args]) => {
    const metered: number[] = [], floor: number[] = [], meteredMs: number[] = [], plainMs: number[] = [];
    for (let i = 0; i < warmup + reps; i++) {
      const ms = [0, 0, 0], results = [0, 0, 0];
      for (const k of ORDERS[i % ORDERS.length]!) {
        const t0 = now();
        results[k] = instances[k]![fn]!(...args);
        ms[k] = now() - t0;
      }
      if (results[0] !== results[1] || results[0] !== results[2]) throw new Error(`fuel bench: ${fn} computes ${results[0]} unmetered but ${results[1]} metered and ${results[2]} in the second unmetered instance`);
      if (i >= warmup) {
        metered.push(ms[1]! / ms[0]!);
        floor.push(ms[2]! / ms[0]!);
        meteredMs.push(ms[1]!);
        plainMs.push(ms[0]!);
      }
    }
    return { name, overheadPct: (median(metered) - 1) * 100, floorPct: (median(floor) - 1) * 100, meteredMs: median(meteredMs), plainMs: median(plainMs) };
  });
}

/** ms per 100 KB to rewrite `modules`, and ms per 100 KB to compile them unchanged (the baseline), a sample each of `reps` runs after 2. */
export function benchInstrument(modules: Uint8Array[], reps: number): { rewrite: number[]; compile: number[] } {
  const kb = modules.reduce((n, m) => n + m.length, 0) / 1024;
  const rewrite: number[] = [], compile: number[] = [];
  for (let i = 0; i < reps + 2; i++) {
    let t0 = now();
    for (const m of modules) meter(m);
    const r = now() - t0;
    t0 = now();
    for (const m of modules) new WebAssembly.Module(m as Uint8Array<ArrayBuffer>);
    const c = now() - t0;
    if (i >= 2) { rewrite.push((r / kb) * 100); compile.push((c / kb) * 100); }
  }
  return { rewrite, compile };
}
