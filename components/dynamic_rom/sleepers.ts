// The sessions of dynamic_rom that sleep, woken by one Timer session: its one timeout is set for the earliest.
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { TimerConnection } from "../lib/timer.ts";
import { ScriptedRom } from "./script.ts";

class Wakeup extends SignalHandler {
  constructor(readonly sleepers: Sleepers) { super(); }
  handle(count: u32): void { this.sleepers.wake(); }
}

export class Sleepers {
  private sleeping: Array<ScriptedRom> = new Array<ScriptedRom>();
  // Opened at start, for the reason the log is (main.ts); Genode's gives each session a Timer.
  private timer: TimerConnection = new TimerConnection();

  constructor() {
    const wakeup = new Wakeup(this);
    if (this.timer.ok && register(wakeup) > 0) this.timer.sigh(submitCap(wakeup));
  }

  /** Runs the session's script up to its next sleep, and wakes it after that. */
  run(rom: ScriptedRom): void {
    const ms = rom.run();
    if (ms < 0) return;
    rom.wakeAtUs = this.timer.nowUs() + <u64>ms * 1000;
    if (!this.sleeping.includes(rom)) this.sleeping.push(rom);
    this.arm();
  }

  forget(rom: ScriptedRom): void {
    const i = this.sleeping.indexOf(rom);
    if (i >= 0) this.sleeping.splice(i, 1);
  }

  /** The timeout fired: every session whose sleep ended goes on. */
  wake(): void {
    const now = this.timer.nowUs();
    const due = new Array<ScriptedRom>();
    for (let i = 0; i < this.sleeping.length; i++) if (this.sleeping[i].wakeAtUs <= now) due.push(this.sleeping[i]);
    for (let i = 0; i < due.length; i++) {
      this.forget(due[i]);
      due[i].wakeAtUs = 0;
    }
    for (let i = 0; i < due.length; i++) this.run(due[i]);
    this.arm();
  }

  /** Sets the one timeout for the earliest end of a sleep. */
  private arm(): void {
    if (this.sleeping.length == 0) return;
    let next = this.sleeping[0].wakeAtUs;
    for (let i = 1; i < this.sleeping.length; i++) next = min(next, this.sleeping[i].wakeAtUs);
    const now = this.timer.nowUs();
    this.timer.once(next > now ? <u32>min(next - now, <u64>0xffffffff) : 1);
  }
}
