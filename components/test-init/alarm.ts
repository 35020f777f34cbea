// The driver's one alarm, on core's Clock session (one client at a time: the driver is that client).
//
// Sleeps and the timeouts of expectations both use it; at most one of them waits at a time, so
// one alarm suffices. A delivered alarm is checked against the deadline in force: an alarm that
// belonged to a wait that already ended (its signal was in flight) is ignored, and one that came
// early is re-armed for the rest.
import { ClockConnection } from "../lib/clock.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";

/** Who is told when the deadline passed: the step machine. */
export abstract class AlarmSink {
  abstract fired(): void;
}

/** Longest wait armed at once (the Clock takes microseconds in 32 bits); longer ones re-arm. */
const MAX_US: u64 = 3600 * 1000 * 1000;

let clock: ClockConnection | null = null;
let signal: i32 = 0;
let sink: AlarmSink | null = null;
/** Microseconds since boot at which the current wait ends; 0 while nothing waits. */
let deadline: u64 = 0;

class Fired extends SignalHandler {
  handle(count: u32): void {
    if (deadline == 0) return;
    const now = nowUs();
    if (now < deadline) {
      armFor(deadline - now);
      return;
    }
    deadline = 0;
    const s = sink;
    if (s != null) s.fired();
  }
}

/** Opens the Clock session; an Err (< 0) when core refused it (then no wait can end by time). */
export function openClock(s: AlarmSink): i32 {
  sink = s;
  const c = new ClockConnection();
  if (!c.ok) return c.cap < 0 ? c.cap : -1;
  clock = c;
  const h = new Fired();
  if (register(h) < 0) return -1;
  // Derived once: the kernel copies it into core at every alarm, so it stays ours to reuse.
  signal = submitCap(h);
  return signal < 0 ? signal : 0;
}

export function haveClock(): bool { return clock != null && signal > 0; }

/** Microseconds since boot (0 without a clock). */
export function nowUs(): u64 {
  const c = clock;
  return c != null ? c.nowUs() : 0;
}

function armFor(us: u64): void {
  const c = clock;
  if (c == null || signal <= 0) return;
  c.alarm(<u32>min(max(us, 1), MAX_US), signal);
}

/** Ends the current wait `ms` milliseconds from now (replacing any other). */
export function arm(ms: u64): void {
  if (!haveClock()) return;
  const us = min(ms, <u64>1 << 40) * 1000;
  deadline = nowUs() + us;
  if (deadline == 0) deadline = 1;
  armFor(us);
}

/** The current wait ended otherwise: its alarm must not count. */
export function cancel(): void {
  if (deadline == 0) return;
  deadline = 0;
  const c = clock;
  if (c != null) c.cancel();
}
