// ticker: a healthy neighbour, for the hog bench and the containment tests: says "ready", then logs "tick N" every 10 ms of its Timer session.
import { log } from "../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../components/lib/signal.ts";
import { TimerConnection } from "../../../components/lib/timer.ts";

const timer = new TimerConnection();
let ticks = 0;

class Tick extends SignalHandler {
  handle(count: u32): void {
    ticks++;
    log("tick " + ticks.toString());
  }
}

const tick = new Tick();
register(tick);
timer.sigh(submitCap(tick));
timer.periodic(10_000);
log("ready");
