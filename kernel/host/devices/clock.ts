// The clock device: monotonic milliseconds and one alarm, from the platform's timers (Node and browsers alike).

export interface Clock {
  /** Milliseconds since an arbitrary start, monotonic. */
  now(): number;
  /** Arms the one alarm to fire `ms` from now, replacing an armed one. */
  alarm(ms: number, fire: () => void): void;
  /** Disarms the alarm. */
  cancel(): void;
  /** True while an alarm is armed. */
  readonly armed: boolean;
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
