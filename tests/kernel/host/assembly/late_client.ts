// Test component: a well-behaved client that comes late: 200 ms after its start it opens a session of
// its config's <late service> (Hello, File_system, Timer or LOG), donating what the session's
// protocol asks, uses it once and logs what it got.
import { parseConfig } from "../../../../components/lib/config/parse.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { HelloConnection } from "../../../../components/hello_session/connection.ts";
import { log, LogConnection } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";

/** The service its config's <late> names. */
function lateService(): string {
  const parsed = parseConfig(new RomConnection("config").text()).node;
  if (parsed == null) return "LOG";
  const late = parsed.child("late");
  return late == null ? "LOG" : late.attributeOr("service", "LOG");
}

const service = lateService();
const timer = new TimerConnection();
let lateTimer: TimerConnection | null = null;

class Fired extends SignalHandler {
  handle(count: u32): void { log("Timer: alarm fired"); }
}

function use(): void {
  if (service == "Hello") {
    const hello = new HelloConnection();
    if (!hello.ok) { log("Hello: no session (error " + hello.cap.toString() + ")"); return; }
    log("Hello: 2 + 3 = " + hello.add(2, 3).toString());
  } else if (service == "File_system") {
    const fs = new FsConnection();
    if (!fs.ok) { log("File_system: no session (error " + fs.cap.toString() + ")"); return; }
    const w = fs.writeText("/late", "served");
    const back = fs.readFile("/late");
    log("File_system: wrote " + w.toString() + ", read back " + (back != null ? String.UTF8.decode(back.buffer) : "nothing"));
  } else if (service == "Timer") {
    const t = new TimerConnection("late");
    if (!t.ok) { log("Timer: no session (error " + t.cap.toString() + ")"); return; }
    lateTimer = t;
    const fired = new Fired();
    register(fired);
    t.sigh(submitCap(fired));
    t.once(1000);
  } else {
    const l = new LogConnection("late");
    if (!l.ok) { log("LOG: no session (error " + l.cap.toString() + ")"); return; }
    l.write("LOG: served");
  }
}

class Go extends SignalHandler {
  handle(count: u32): void { use(); }
}

if (!timer.ok) log("no Timer session (error " + timer.cap.toString() + ")");
const go = new Go();
register(go);
timer.sigh(submitCap(go));
timer.once(200_000);
