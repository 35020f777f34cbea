// Timeouts over core's Clock session (one alarm): sleeps and delayed session closes share it.
//
// Core's clock device has one client at a time, so the session is opened when a timeout is set
// and closed again when none is left, leaving the device to others meanwhile.
import { ClockConnection } from "../lib/clock.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";

export abstract class Timeout {
  deadlineUs: u64 = 0;
  abstract fire(): void;
  /** No Clock session could be had: by default the timeout fires at once. */
  noClock(): void { this.fire(); }
}

let clock: ClockConnection | null = null;
let alarmCap: i32 = 0;
const armed = new Array<Timeout>();

class Alarm extends SignalHandler {
  handle(count: u32): void { expire(); }
}

function open(): ClockConnection | null {
  let c = clock;
  if (c != null) return c;
  if (alarmCap == 0) {
    const h = new Alarm();
    if (register(h) < 0) return null;
    alarmCap = submitCap(h);
  }
  c = new ClockConnection();
  if (!c.ok) return null;
  clock = c;
  return c;
}

/** Calls `t.fire()` in `ms` milliseconds; false when no Clock session could be had. */
export function after(ms: u32, t: Timeout): bool {
  const c = open();
  if (c == null) return false;
  t.deadlineUs = c.nowUs() + <u64>ms * 1000;
  armed.push(t);
  rearm();
  return true;
}

function rearm(): void {
  const c = clock;
  if (c == null) return;
  if (armed.length == 0) {
    c.cancel();
    c.close();
    clock = null;
    return;
  }
  let first = armed[0].deadlineUs;
  for (let i = 1; i < armed.length; i++) if (armed[i].deadlineUs < first) first = armed[i].deadlineUs;
  const now = c.nowUs();
  const us = first > now ? first - now : 0;
  c.alarm(<u32>min<u64>(us, <u64>U32.MAX_VALUE), alarmCap);
}

function expire(): void {
  const c = clock;
  if (c == null) return;
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
 * Like after(), for a caller that serves a call: the Clock session is asked of the parent, which
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
