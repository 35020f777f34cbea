// The driver's one alarm, on a Timer session (the timer component multiplexes core's one Clock).
//
// Sleeps and the timeouts of expectations both use it; at most one of them waits at a time, so
// one alarm suffices. A delivered alarm is checked against the deadline in force: an alarm that
// belonged to a wait that already ended (its signal was in flight) is ignored, and one that came
// early is re-armed for the rest.
import { TimerConnection } from "../lib/timer.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";

/** Who is told when the deadline passed: the step machine. */
export abstract class AlarmSink {
  abstract fired(): void;
}

/** Longest wait armed at once (the Timer takes microseconds in 32 bits); longer ones re-arm. */
const MAX_US: u64 = 3600 * 1000 * 1000;

let clock: TimerConnection | null = null;
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

/** What runs once the Timer session is there (or was refused: then no wait can end by time). */
export abstract class ClockReady {
  abstract ready(): void;
}

/** The timer component may not have announced its service yet: the session can come later. */
class DriverTimer extends TimerConnection {
  constructor(readonly then: ClockReady) { super(); }

  ready(): void {
    if (this.ok) {
      const h = new Fired();
      if (register(h) >= 0) {
        signal = submitCap(h);
        if (signal > 0 && this.sigh(signal) == 0) clock = this;
      }
    }
    this.then.ready();
  }
}

/** Opens the Timer session; `then` runs once it is there, or refused. */
export function openClock(s: AlarmSink, then: ClockReady): void {
  sink = s;
  new DriverTimer(then).whenReady();
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
  c.once(<u32>min(max(us, 1), MAX_US));
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
