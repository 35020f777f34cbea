// Statistics and small helpers the benches share: median, spread, garbage collection, a clock.
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
