// Test component: a signal to itself and an alarm of the clock device, each logged when delivered.
import { log } from "../../../../components/lib/log.ts";
import { ClockConnection } from "../../../../components/lib/clock.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { sys_signal } from "../../../../components/lib/syscalls.ts";

const clock = new ClockConnection();
const start = clock.nowUs();

class Self extends SignalHandler {
  handle(count: u32): void { log("self signal delivered, count " + count.toString()); }
}

class Alarm extends SignalHandler {
  handle(count: u32): void {
    const waited = (clock.nowUs() - start) / 1000;
    log("alarm after " + (waited >= 20 ? "at least 20" : "only " + waited.toString()) + " ms");
  }
}

const self = new Self();
register(self);
sys_signal(self.cap);
sys_signal(self.cap);
log("submitted twice");

const alarm = new Alarm();
register(alarm);
log("alarm armed: " + clock.alarm(20000, submitCap(alarm)).toString());
log("second clock session: " + new ClockConnection().cap.toString());
