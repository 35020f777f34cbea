// What init gave a child and what the child asked for, and the signals of its quota talks (SEMANTICS.md §7).
import { sys_drop } from "../lib/syscalls.ts";

export class ChildQuota {
  /** Set once the child's PD exists: `assigned` counts from then on. */
  started: bool = false;
  assignedRam: u64 = 0;
  assignedCaps: u64 = 0;
  /** An outstanding resource request (the report's `requested`), and what it asked for. */
  requested: bool = false;
  requestedRam: u64 = 0;
  requestedCaps: u64 = 0;
  /** The current yield request's args ("" for none) and the child's signals. */
  yieldArgs: string = "";
  yieldSignal: i32 = 0;
  availSignal: i32 = 0;

  /** The child's PD exists with the configured amounts (what it really got may be less). */
  start(ram: u64, caps: u64): void {
    this.started = true;
    this.assignedRam = ram;
    this.assignedCaps = caps;
  }

  /** The child is gone: its signals go too. */
  release(): void {
    if (this.yieldSignal > 0) sys_drop(this.yieldSignal);
    if (this.availSignal > 0) sys_drop(this.availSignal);
    this.yieldSignal = 0;
    this.availSignal = 0;
  }
}
