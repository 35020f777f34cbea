// A clock device on virtual time, for tests and the conformance run: time moves only when told to, or when the system is idle but for an alarm.
//
// Two ways to move it. `auto` (the default): whenever the system has run dry and an alarm is
// armed, time jumps to the alarm and fires it, so a system that sleeps runs through its sleeps at
// once, in the order real time would give (a CPU infinitely fast). Otherwise time stands still
// until advance(ms), which fires each alarm on the way at its own time, letting the system run
// dry after each, and ends at now + ms: a test steps a periodic system (heartbeats) exactly.
// Time is kept in milliseconds; an alarm fires at a whole millisecond, never early, as a
// platform timer does. A system that never runs dry (a handler submitting its own signal forever)
// still sees time pass: each turn of its loop that ends with work left takes `turnMs` (default 1),
// in auto mode and within an advance alike, and an alarm due by then fires.
import type { Clock, ClockHost } from "./clock.ts";

export interface VirtualClockOptions {
  /** Jump to each alarm as soon as the system is idle but for it (default true). */
  auto?: boolean;
  /** The time at boot, in milliseconds (default 0). */
  start?: number;
  /** Milliseconds a turn of the system's loop takes when it ends with work left (default 1). */
  turnMs?: number;
}

export class VirtualClock implements Clock {
  private t: number;
  private deadline: number | null = null;
  private fire: (() => void) | null = null;
  private host: ClockHost | null = null;
  private autoAdvance: boolean;
  private readonly turnMs: number;
  /** The advance under way: its end, and whom to tell when time got there. */
  private advancing: { until: number; done: () => void } | null = null;

  constructor(opts: VirtualClockOptions = {}) {
    const start = opts.start ?? 0;
    if (!Number.isFinite(start) || start < 0) throw new RangeError(`virtual clock: start must be a finite number of milliseconds >= 0, got ${start}`);
    const turnMs = opts.turnMs ?? 1;
    if (!Number.isFinite(turnMs) || turnMs <= 0) throw new RangeError(`virtual clock: turnMs must be a finite number of milliseconds > 0, got ${turnMs}`);
    this.t = start;
    this.turnMs = turnMs;
    this.autoAdvance = opts.auto ?? true;
  }

  now(): number { return this.t; }

  alarm(ms: number, fire: () => void): void {
    // At least a millisecond, as platform timers: a component re-arming 0 forever still sees time pass.
    this.deadline = Math.ceil(this.t) + Math.max(1, Math.ceil(ms));
    this.fire = fire;
  }

  cancel(): void {
    this.deadline = null;
    this.fire = null;
  }

  get armed(): boolean { return this.deadline !== null; }

  /** When the armed alarm fires (milliseconds, on this clock), or null when none is armed. */
  get nextAlarm(): number | null { return this.deadline; }

  /** Whether time jumps to the alarm by itself when the system is idle but for it. */
  get auto(): boolean { return this.autoAdvance; }
  set auto(on: boolean) {
    this.autoAdvance = on;
    // The system may be idle already: run it once so that it settles and the alarm is seen.
    if (on) this.host?.schedule();
  }

  attach(host: ClockHost): void {
    if (this.host) throw new Error("virtual clock: it already serves a system (one clock per boot)");
    this.host = host;
    host.whenSettled(() => this.settled());
    host.whenYielding(() => this.turnPassed());
  }

  /**
   * A turn of the system ended with work left: it took turnMs, up to the end of an advance under
   * way (held time without one stands still); the alarm fires if that brought it due.
   */
  private turnPassed(): void {
    if (this.autoAdvance) this.t += this.turnMs;
    else if (this.advancing) this.t = Math.min(this.t + this.turnMs, this.advancing.until);
    else return;
    if (this.deadline !== null && this.deadline <= this.t) this.fireAlarm();
  }

  /**
   * Moves time forward by `ms`: each alarm due on the way fires at its own time, and the system
   * runs dry before the next; resolves at now + ms, the system settled. Only while `auto` is off.
   */
  advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError(`virtual clock: advance needs a finite number of milliseconds >= 0, got ${ms}`));
    if (this.autoAdvance) return Promise.reject(new Error("virtual clock: advance while auto is on (time already jumps to each alarm); set auto = false first"));
    if (this.advancing) return Promise.reject(new Error("virtual clock: an advance is still under way; await it first"));
    const until = this.t + ms;
    if (!this.host) {
      // No system to wait for: fire what is due, in order (an alarm may arm the next).
      while (this.deadline !== null && this.deadline <= until) this.fireAlarm();
      this.t = until;
      return Promise.resolve();
    }
    return new Promise((done) => {
      this.advancing = { until, done };
      this.host!.schedule();
    });
  }

  /** The system ran dry: fire the alarm if time may go there, else end the advance under way. */
  private settled(): void {
    const until = this.advancing?.until ?? this.t;
    if (this.deadline !== null && (this.autoAdvance || this.deadline <= until)) {
      // Firing wakes the system; it runs dry again and we come back here.
      this.fireAlarm();
      return;
    }
    const advancing = this.advancing;
    if (!advancing) return;
    this.advancing = null;
    this.t = Math.max(this.t, advancing.until);
    advancing.done();
  }

  private fireAlarm(): void {
    const fire = this.fire!;
    this.t = Math.max(this.t, this.deadline!);
    this.deadline = null;
    this.fire = null;
    fire();
  }
}
