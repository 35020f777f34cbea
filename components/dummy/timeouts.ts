// Timeouts over a Timer session (one timeout at a time): sleeps and delayed session closes share it.
//
// The session is opened at the first timeout and kept. It may come later (the timer has not
// announced its service yet): timeouts set meanwhile start counting when it is there.
import { TimerConnection } from "../lib/timer.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";

export abstract class Timeout {
  deadlineUs: u64 = 0;
  delayMs: u32 = 0;
  abstract fire(): void;
  /** No Timer session could be had: by default the timeout fires at once. */
  noClock(): void { this.fire(); }
}

/** The session, once asked for: it may still be pending. */
class DummyTimer extends TimerConnection {
  ready(): void {
    if (!this.ok) {
      // Refused: nothing can wait by time.
      timer = null;
      const all = armed.slice(0);
      armed.length = 0;
      for (let i = 0; i < all.length; i++) all[i].noClock();
      return;
    }
    this.sigh(alarmCap);
    const now = this.nowUs();
    for (let i = 0; i < armed.length; i++) if (armed[i].deadlineUs == 0) armed[i].deadlineUs = now + <u64>armed[i].delayMs * 1000;
    rearm();
  }
}

let timer: DummyTimer | null = null;
let alarmCap: i32 = 0;
const armed = new Array<Timeout>();

class Alarm extends SignalHandler {
  handle(count: u32): void { expire(); }
}

function open(): DummyTimer | null {
  let t = timer;
  if (t != null) return t;
  if (alarmCap == 0) {
    const h = new Alarm();
    if (register(h) < 0) return null;
    alarmCap = submitCap(h);
  }
  t = new DummyTimer();
  if (!t.ok && !t.pending) return null;
  timer = t;
  if (t.pending) t.whenReady();
  else t.sigh(alarmCap);
  return t;
}

/** Calls `t.fire()` in `ms` milliseconds; false when no Timer session could be had. */
export function after(ms: u32, t: Timeout): bool {
  const c = open();
  if (c == null) return false;
  t.delayMs = ms;
  t.deadlineUs = c.ok ? c.nowUs() + <u64>ms * 1000 : 0;
  armed.push(t);
  rearm();
  return true;
}

function rearm(): void {
  const c = timer;
  if (c == null || !c.ok) return;
  if (armed.length == 0) {
    c.cancel();
    return;
  }
  let first = armed[0].deadlineUs;
  for (let i = 1; i < armed.length; i++) if (armed[i].deadlineUs < first) first = armed[i].deadlineUs;
  const now = c.nowUs();
  const us = first > now ? first - now : 1;
  c.once(<u32>min<u64>(us, <u64>U32.MAX_VALUE));
}

function expire(): void {
  const c = timer;
  if (c == null || !c.ok) return;
  const now = c.nowUs();
  const due = new Array<Timeout>();
  for (let i = armed.length - 1; i >= 0; i--) {
    if (armed[i].deadlineUs <= now) {
      due.unshift(armed[i]);
      armed.splice(i, 1);
    }
  }
  // Due ones in deadline order; firing may set new timeouts, so the alarm is re-armed after.
  due.sort((a: Timeout, b: Timeout): i32 => a.deadlineUs < b.deadlineUs ? -1 : a.deadlineUs > b.deadlineUs ? 1 : 0);
  for (let i = 0; i < due.length; i++) due[i].fire();
  rearm();
}

/** Timeouts asked for by later() with their delays, set from an activation of their own. */
const deferred = new Array<Timeout>();
const deferredMs = new Array<u32>();
let deferCap: i32 = 0;

class Deferred extends SignalHandler {
  handle(count: u32): void {
    while (deferred.length > 0) {
      const t = deferred.shift();
      const ms = deferredMs.shift();
      if (!after(ms, t)) t.noClock();
    }
  }
}

/**
 * Like after(), for a caller that serves a call: the Timer session is asked of the parent, which
 * may be on the call chain (a close comes from init), so the timeout is set from a signal to
 * ourselves, once the current call is over.
 */
export function later(ms: u32, t: Timeout): void {
  if (deferCap == 0) {
    const h = new Deferred();
    if (register(h) < 0) { t.noClock(); return; }
    deferCap = submitCap(h);
  }
  deferred.push(t);
  deferredMs.push(ms);
  sys_signal(deferCap);
}
