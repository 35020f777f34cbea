// The rate limit of init's state report (Genode's State_reporter): with `delay_ms`, changes go out together delay_ms after the first.
//
// The first change since the last report arms a one-shot timeout of delay_ms; changes until it
// fires are merged into the report it sends. Init asks its parent for the Timer session only
// when a config sets delay_ms: an init whose parent has no timer (the top init, under core)
// reports without one. While the session is not there, or was denied, nothing is delayed.
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { TimerConnection } from "../lib/timer.ts";

/** What the rate limit calls when the delay after a change has passed. */
export abstract class ReportDue {
  abstract due(): void;
}

class RateTimer extends TimerConnection {
  constructor(private limit: RateLimit) { super("state_report"); }
  ready(): void { this.limit.timerReady(this); }
}

class Expired extends SignalHandler {
  constructor(private limit: RateLimit) { super(); }
  handle(count: u32): void { this.limit.expired(); }
}

export class RateLimit {
  private delayMs: u64 = 0;
  private timer: RateTimer | null = null;
  private expiredCap: i32 = 0;
  /** The timeout is armed: changes until it fires go out with its report. */
  private scheduled: bool = false;

  /** Set by the reporter once it is complete. */
  report: ReportDue | null = null;

  /** Takes a config's delay_ms (0: no limit). The Timer session, once asked for, stays. */
  configure(delayMs: u64): void {
    this.delayMs = delayMs;
    if (delayMs == 0 || this.timer != null) return;
    if (this.expiredCap == 0) {
      const h = new Expired(this);
      if (register(h) < 0) return;
      this.expiredCap = submitCap(h);
    }
    const t = new RateTimer(this);
    this.timer = t;
    t.whenReady();
  }

  timerReady(t: RateTimer): void {
    if (t.ok) t.sigh(this.expiredCap);
  }

  /**
   * A change the report shows: arms the timeout unless it is armed. True when the report waits
   * for it; false when nothing limits the rate (no delay_ms, or no timer), so it goes out at once.
   */
  schedule(): bool {
    const t = this.timer;
    if (this.delayMs == 0 || t == null || !t.ok) return false;
    if (!this.scheduled) {
      this.scheduled = true;
      t.once(<u32>min<u64>(this.delayMs * 1000, 0xffffffff));
    }
    return true;
  }

  expired(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    const r = this.report;
    if (r != null) r.due();
  }
}
