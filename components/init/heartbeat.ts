// Heartbeat monitoring (SEMANTICS.md §8): `<heartbeat rate_ms>` probes children whose start has `<heartbeat/>`, and restarts the unresponsive.
//
// Every period each monitored child that gave its heartbeat signal gets one more outstanding
// heartbeat and the signal; its answer (ParentOp.HeartbeatResponse, from its signal handling)
// clears them. More than one outstanding means skipped ones: reported as `skipped_heartbeats`,
// and with `restart_after_skipped="K"` more than K skipped schedule a restart, carried out by
// applying the config again (as Genode's init does).
import { Err, ParentOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { TimerConnection } from "../lib/timer.ts";
import { Child } from "./child.ts";
import { children } from "./children.ts";
import { stateChanged } from "./state_reporter.ts";

/** A child's side of the heartbeat: its signal and how many probes it left unanswered. */
export class HeartbeatState {
  signal: i32 = 0;
  outstanding: u32 = 0;

  /** Skipped heartbeats as Genode counts them: all outstanding but the latest. */
  get skipped(): u32 { return this.outstanding > 1 ? this.outstanding - 1 : 0; }
}

function nothing(): void {}

let restartFn: () => void = nothing;
let rateMs: u64 = 0;
let timer: HeartbeatTimer | null = null;
let tickCap: i32 = 0;

/** What applies the config again when a child must restart (init's main sets it). */
export function onRestartDue(f: () => void): void { restartFn = f; }

/** The timer session: it may come later (the timer has not announced its service yet). */
class HeartbeatTimer extends TimerConnection {
  ready(): void {
    if (!this.ok) return;
    this.sigh(tickCap);
    program();
  }
}

class Tick extends SignalHandler {
  handle(count: u32): void { tick(); }
}

/** Sets the timer to the current rate (or stops it). */
function program(): void {
  const t = timer;
  if (t == null || !t.ok) return;
  if (rateMs == 0) t.cancel();
  else t.periodic(<u32>min<u64>(rateMs * 1000, 0xffffffff));
}

/** Takes the rate of a config being applied: 0 when it has no `<heartbeat>`. */
export function configureHeartbeat(rate: u64): void {
  if (rate == rateMs) return;
  rateMs = rate;
  if (timer == null && rate > 0) {
    if (tickCap == 0) {
      const h = new Tick();
      if (register(h) < 0) return;
      tickCap = submitCap(h);
    }
    const t = new HeartbeatTimer("heartbeat");
    timer = t;
    t.whenReady();
    return;
  }
  program();
}

/** One period: probe every monitored child, report changes, restart the ones too long silent. */
function tick(): void {
  if (rateMs == 0) return;
  let restart = false;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (!c.alive || c.abandoned || !c.start.heartbeat || c.heartbeat.signal <= 0) continue;
    const before = c.heartbeat.skipped;
    c.heartbeat.outstanding++;
    sys_signal(c.heartbeat.signal);
    const skipped = c.heartbeat.skipped;
    if (skipped != before) stateChanged();
    const limit = c.start.restartAfterSkipped;
    if (limit > 0 && <u64>skipped > limit && !c.restartScheduled) {
      c.restartScheduled = true;
      restart = true;
    }
  }
  if (restart) restartFn();
}

/** ParentOp.HeartbeatSigh and HeartbeatResponse from `c`. */
export function heartbeatOp(c: Child, op: i32): i32 {
  if (op == ParentOp.HeartbeatSigh) {
    if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
    if (c.heartbeat.signal > 0) sys_drop(c.heartbeat.signal);
    c.heartbeat.signal = msg.getCap(0);
    msg.begin();
    return Err.Ok;
  }
  if (c.heartbeat.skipped > 0) stateChanged();
  c.heartbeat.outstanding = 0;
  msg.begin();
  return Err.Ok;
}
