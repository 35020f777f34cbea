// The price of fuel: CPU-bound workloads metered against unmetered, and the cost of the rewrite itself.
//
// Each workload runs in both instances of bench/components/fuel_work, alternately, so that both see
// the same machine; a sample is the ratio of one metered run to the unmetered run beside it.
import { Err } from "../kernel/abi.ts";
import { meter } from "../kernel/host/fuel/meter.ts";
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
  ex._start?.();
  return ex;
}

export interface FuelResult { name: string; overheadPct: number; plainMs: number }

/** Median slowdown in percent of each workload, over `reps` paired runs after `warmup`. */
export function benchFuelOverhead(bytes: Uint8Array, reps: number, warmup: number): FuelResult[] {
  const plain = instance(bytes, false), metered = instance(bytes, true);
  return WORKLOADS.map(([name, fn, args]) => {
    const ratios: number[] = [], plainMs: number[] = [];
    for (let i = 0; i < warmup + reps; i++) {
      // Alternate which goes first: neither always runs on a warmer cache.
      const order = i % 2 === 0 ? [plain, metered] : [metered, plain];
      const ms: number[] = [];
      const results: number[] = [];
      for (const ex of order) {
        const t0 = now();
        results.push(ex[fn]!(...args));
        ms.push(now() - t0);
      }
      if (results[0] !== results[1]) throw new Error(`fuel bench: ${fn} computes ${results[0]} unmetered but ${results[1]} metered`);
      const [p, m] = i % 2 === 0 ? [ms[0]!, ms[1]!] : [ms[1]!, ms[0]!];
      if (i >= warmup) { ratios.push(m / p); plainMs.push(p); }
    }
    return { name, overheadPct: (median(ratios) - 1) * 100, plainMs: median(plainMs) };
  });
}

/** ms per 100 KB to rewrite `modules`, and ms per 100 KB to compile them unchanged (the baseline), medians. */
export function benchInstrument(modules: Uint8Array[], reps: number): { rewrite: number; compile: number } {
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
  return { rewrite: median(rewrite), compile: median(compile) };
}
