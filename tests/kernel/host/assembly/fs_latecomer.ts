// Test component: opens its File_system session only after 300 ms (when a torn fs has been restarted), then writes a file and reads it back.
import { FsOpen } from "../../../../components/fs_session/protocol.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { exit } from "../../../../components/lib/component.ts";
import { log } from "../../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";

const TEXT = "exactly what I wrote";

class Fs extends FsConnection {
  ready(): void {
    if (!this.ok) { log("no File_system session: " + this.cap.toString()); exit(1); return; }
    const h = this.open("/mine", FsOpen.Write | FsOpen.Create);
    const bytes = Uint8Array.wrap(String.UTF8.encode(TEXT));
    log("write " + (h < 0 ? h.toString() : this.write(h, 0, bytes).toString()));
    if (h >= 0) this.closeHandle(h);
    const back = this.readFile("/mine");
    log("read " + (back == null ? this.error.toString() : String.UTF8.decode(back.buffer)));
    exit(0);
  }
}

let fs: Fs | null = null;

class Wake extends SignalHandler {
  handle(count: u32): void {
    const c = new Fs();
    fs = c;
    c.whenReady();
  }
}

class Timer extends TimerConnection {
  ready(): void {
    if (!this.ok) { log("no Timer session"); exit(1); return; }
    const wake = new Wake();
    register(wake);
    this.sigh(submitCap(wake));
    this.once(300_000);
  }
}

const timer = new Timer("latecomer");
timer.whenReady();
