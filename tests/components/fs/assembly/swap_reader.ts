// Test client for a live swap of fs: opens a file to read and one to write, then every 10 ms reads a byte through the same handle; at the 6th it writes through the other and reads the file back.
import { FsOpen } from "../../../../components/fs_session/protocol.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";

const fs = new FsConnection();
fs.writeText("/f", "abcdefghij");
const reading = fs.open("/f", FsOpen.Read);
const writing = fs.open("/g", FsOpen.Write | FsOpen.Create);
log("handles " + reading.toString() + " " + writing.toString());

class Tick extends SignalHandler {
  k: u64 = 0;
  handle(count: u32): void {
    const b = fs.read(reading, this.k, 1);
    log("byte " + this.k.toString() + ": " + (b == null ? "error" : String.UTF8.decode(b.buffer)));
    if (this.k == 6) {
      log("write " + fs.write(writing, 0, Uint8Array.wrap(String.UTF8.encode("xyz"))).toString() + " close " + fs.closeHandle(writing).toString());
      const g = fs.readFile("/g");
      log("/g: " + (g == null ? "error" : String.UTF8.decode(g.buffer)));
    }
    this.k++;
  }
}

const timer = new TimerConnection();
const tick = new Tick();
register(tick);
timer.sigh(submitCap(tick));
timer.periodic(10_000);
