// Statistics and small helpers the benches share: median, spread, alternating a figure with its baseline, garbage collection, a clock.
import * as v8 from "node:v8";
import * as vm from "node:vm";

export interface Summary { median: number; min: number; max: number; n: number }

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(xs: number[]): Summary {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Samples of a figure and of its baseline, taken by the same repetitions. */
export interface Paired<T = number> { value: T[]; baseline: T[] }

/**
 * Runs `value` and `baseline` alternately, `warmup + reps` times each, swapping which goes first
 * every round, so that both see the same machine (a busy neighbour slows both, and neither always
 * runs on a warmer cache); keeps the samples after the warm-up.
 */
export async function alternate<T>(reps: number, warmup: number, value: () => Promise<T>, baseline: () => Promise<T>): Promise<Paired<T>> {
  const out: Paired<T> = { value: [], baseline: [] };
  for (let i = 0; i < warmup + reps; i++) {
    let v: T, b: T;
    if (i % 2 === 0) { v = await value(); b = await baseline(); } else { b = await baseline(); v = await value(); }
    if (i >= warmup) { out.value.push(v); out.baseline.push(b); }
  }
  return out;
}

/** A full garbage collection: global.gc under --expose-gc, else the flag set at run time. */
export function gc(): void {
  let fn = (globalThis as { gc?: () => void }).gc;
  if (!fn) {
    v8.setFlagsFromString("--expose-gc");
    fn = vm.runInNewContext("gc") as () => void;
    (globalThis as { gc?: () => void }).gc = fn;
  }
  fn();
  fn();
}

export const now = (): number => performance.now();

/** Lets pending host tasks (setImmediate, finalizers) run. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
