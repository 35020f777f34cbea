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
import { Children } from "./children.ts";
import { StateTrigger } from "./state_trigger.ts";

/** What applies the config again when a child must restart (the sandbox). */
export abstract class RestartDue {
  abstract restart(): void;
}

/** The timer session: it may come later (the timer has not announced its service yet). */
class HeartbeatTimer extends TimerConnection {
  constructor(private heartbeat: Heartbeat) { super("heartbeat"); }

  ready(): void {
    if (!this.ok) return;
    this.heartbeat.timerReady(this);
  }
}

class Tick extends SignalHandler {
  constructor(private heartbeat: Heartbeat) { super(); }
  handle(count: u32): void { this.heartbeat.tick(); }
}

/** The probing of the monitored children at the rate the config sets. */
export class Heartbeat {
  private rateMs: u64 = 0;
  private timer: HeartbeatTimer | null = null;
  private tickCap: i32 = 0;

  constructor(private children: Children, private trigger: StateTrigger, private restartDue: RestartDue) {}

  /** Takes the rate of a config being applied: 0 when it has no `<heartbeat>`. */
  configure(rate: u64): void {
    if (rate == this.rateMs) return;
    this.rateMs = rate;
    if (this.timer == null && rate > 0) {
      if (this.tickCap == 0) {
        const h = new Tick(this);
        if (register(h) < 0) return;
        this.tickCap = submitCap(h);
      }
      const t = new HeartbeatTimer(this);
      this.timer = t;
      t.whenReady();
      return;
    }
    this.program();
  }

  timerReady(t: HeartbeatTimer): void {
    t.sigh(this.tickCap);
    this.program();
  }

  /** Sets the timer to the current rate (or stops it). */
  private program(): void {
    const t = this.timer;
    if (t == null || !t.ok) return;
    if (this.rateMs == 0) t.cancel();
    else t.periodic(<u32>min<u64>(this.rateMs * 1000, 0xffffffff));
  }

  /** One period: probe every monitored child, report changes, restart the ones too long silent. */
  tick(): void {
    if (this.rateMs == 0) return;
    let restart = false;
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children.at(i);
      if (!c.alive || c.abandoned || !c.start.heartbeat || c.heartbeat.signal <= 0) continue;
      const before = c.heartbeat.skipped;
      c.heartbeat.outstanding++;
      sys_signal(c.heartbeat.signal);
      const skipped = c.heartbeat.skipped;
      if (skipped != before) this.trigger.stateChanged();
      const limit = c.start.restartAfterSkipped;
      if (limit > 0 && <u64>skipped > limit && !c.restartScheduled) {
        c.restartScheduled = true;
        restart = true;
      }
    }
    if (restart) this.restartDue.restart();
  }

  /** ParentOp.HeartbeatSigh and HeartbeatResponse from `c`. */
  op(c: Child, op: i32): i32 {
    if (op == ParentOp.HeartbeatSigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (c.heartbeat.signal > 0) sys_drop(c.heartbeat.signal);
      c.heartbeat.signal = msg.getCap(0);
      msg.begin();
      return Err.Ok;
    }
    if (c.heartbeat.skipped > 0) this.trigger.stateChanged();
    c.heartbeat.outstanding = 0;
    msg.begin();
    return Err.Ok;
  }
}
