// timer: many Timer sessions over core's one Clock alarm, as Genode's timer driver multiplexes its hardware timer.
//
// Each session has at most one timeout, one-shot or periodic, and a signal it submits when the
// timeout passes. The Clock's one alarm is always set for the earliest timeout of all sessions.
// A periodic timeout that fell behind (the system was busy) fires once and goes on from now:
// ticks are not piled up, as a Genode periodic timeout does not deliver missed ones either.
//
// A live swap carries the Clock session, the alarm's handler and signal, and every session with
// its client's signal and timeout: the Clock's alarm stays set, so no tick is lost.
import { Err } from "../../kernel/abi.ts";
import { TimerOp, TimerSessionQuota } from "../timer_session/protocol.ts";
import { ClockConnection } from "../lib/clock.ts";
import { log } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";

/** Shortest period: a shorter one would keep the system busy with ticks. */
const MIN_PERIOD_US: u64 = 1000;
/** Longest alarm the Clock takes at once (32-bit microseconds); a later deadline re-arms. */
const MAX_ALARM_US: u64 = 3600 * 1000 * 1000;

const clock = new ClockConnection();
const sessions = new Array<TimerSession>();
let alarmSignal: i32 = 0;

function now(): u64 { return clock.nowUs(); }

class TimerSession extends RpcObject {
  /** The client's signal; 0 until it gave one. */
  signal: i32 = 0;
  /** Microseconds since boot at which the timeout passes; 0 when none is set. */
  deadline: u64 = 0;
  /** Period of a periodic timeout, 0 for a one-shot one. */
  period: u64 = 0;

  dispatch(op: i32): i32 {
    if (op == TimerOp.Now) {
      // Asked before the reply is begun: asking core uses the same IPC buffer.
      const t = now();
      msg.begin();
      msg.putU64(t);
      return Err.Ok;
    }
    if (op == TimerOp.Sigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (this.signal > 0) sys_drop(this.signal);
      this.signal = msg.getCap(0);
      msg.begin();
      return Err.Ok;
    }
    if (op == TimerOp.Once || op == TimerOp.Periodic) {
      const us = <u64>msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      this.period = op == TimerOp.Periodic ? max(us, MIN_PERIOD_US) : 0;
      this.deadline = now() + (op == TimerOp.Periodic ? this.period : max<u64>(us, 1));
      rearm();
      msg.begin();
      return Err.Ok;
    }
    if (op == TimerOp.Cancel) {
      this.deadline = 0;
      this.period = 0;
      rearm();
      msg.begin();
      return Err.Ok;
    }
    return Err.BadOpcode;
  }
}

/** Sets the Clock's alarm for the earliest timeout, or cancels it when none is set. */
function rearm(): void {
  let first: u64 = 0;
  for (let i = 0; i < sessions.length; i++) {
    const d = sessions[i].deadline;
    if (d != 0 && (first == 0 || d < first)) first = d;
  }
  if (first == 0) {
    clock.cancel();
    return;
  }
  const t = now();
  clock.alarm(<u32>min(first > t ? first - t : 1, MAX_ALARM_US), alarmSignal);
}

/** The alarm fired: every timeout that passed submits its signal. */
class Alarm extends SignalHandler {
  handle(count: u32): void {
    const t = now();
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i];
      if (s.deadline == 0 || s.deadline > t) continue;
      if (s.signal > 0) sys_signal(s.signal);
      s.deadline = s.period > 0 ? (s.deadline + s.period > t ? s.deadline + s.period : t + s.period) : 0;
    }
    rearm();
  }
}

class TimerRoot extends Root {
  /** What one session costs the timer (its endpoint, the client's capability to it, the client's signal): its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return TimerSessionQuota.Ram; }
  sessionCaps(): u32 { return TimerSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const s = new TimerSession();
    sessions.push(s);
    return s;
  }

  destroy(session: RpcObject): void {
    const i = sessions.indexOf(<TimerSession>session);
    if (i < 0) return;
    const s = sessions[i];
    sessions.splice(i, 1);
    if (s.signal > 0) sys_drop(s.signal);
    rearm();
  }
}

const alarm = new Alarm();
const root = new TimerRoot();

function save(w: StateWriter): void {
  w.connection(clock);
  w.handler(alarm);
  w.i32(alarmSignal);
  w.served(root);
  w.u32(<u32>sessions.length);
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i];
    w.i32(s.signal);
    w.u64(s.deadline);
    w.u64(s.period);
    w.served(s);
  }
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(clock);
  r.handler(alarm);
  alarmSignal = r.i32();
  r.served(root);
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const s = new TimerSession();
    s.signal = r.i32();
    s.deadline = r.u64();
    s.period = r.u64();
    r.served(s);
    sessions.push(s);
  }
  return true;
}

if (!liveState(1, save, load)) {
  if (!clock.ok) {
    log("no Clock session (error " + clock.cap.toString() + "): no Timer service");
  } else {
    register(alarm);
    // Derived once: the kernel copies it into core at every alarm, so it stays ours to reuse.
    alarmSignal = submitCap(alarm);
    announce("Timer", root);
  }
}
