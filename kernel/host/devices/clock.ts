// The clock device: monotonic milliseconds and one alarm; PlatformClock runs on the platform's timers (Node and browsers alike).
//
// Boot options choose the clock; PlatformClock is real time. Tests boot with a VirtualClock
// (virtual_clock.ts), whose time moves only when the test says so or when the system has nothing
// left to run: a sleep of a second takes no real second, and no result depends on the machine's load.

export interface Clock {
  /** Milliseconds since an arbitrary start, monotonic. */
  now(): number;
  /** Arms the one alarm to fire `ms` from now, replacing an armed one. */
  alarm(ms: number, fire: () => void): void;
  /** Disarms the alarm. */
  cancel(): void;
  /** True while an alarm is armed. */
  readonly armed: boolean;
  /** Called once at boot with the system the clock serves: a virtual clock moves time when it settles. */
  attach?(host: ClockHost): void;
}

/** What a clock may ask of the system it serves (System provides it). */
export interface ClockHost {
  /** Calls `fn` each time the system has run dry: no start and no signal left to run (devices may still be busy). */
  whenSettled(fn: () => void): void;
  /** Calls `fn` each time a turn of the system's loop ends with work left (it yields to the platform, and runs on later). */
  whenYielding(fn: () => void): void;
  /** Makes the system run soon, so that it settles again. */
  schedule(): void;
}

export class PlatformClock implements Clock {
  private timer: ReturnType<typeof setTimeout> | null = null;
  now(): number { return performance.now(); }
  alarm(ms: number, fire: () => void): void {
    this.cancel();
    this.timer = setTimeout(() => { this.timer = null; fire(); }, Math.max(0, ms));
  }
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
  get armed(): boolean { return this.timer !== null; }
}
