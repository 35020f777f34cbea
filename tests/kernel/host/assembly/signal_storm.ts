// Test component: a signal handler that submits its own signal again, 100,000 times, and says when it begins and ends.
import { log } from "../../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { sys_signal } from "../../../../components/lib/syscalls.ts";

// Bounded, so that a host that delivers signals until none is pending still returns: the test
// then sees no tick of its neighbour between "storm begins" and "storm ends".
const STORM: u32 = 100_000;

class Storm extends SignalHandler {
  submits: u32 = 0;
  self: i32 = 0;
  handle(count: u32): void {
    this.submits += count;
    if (this.submits < STORM) sys_signal(this.self);
    else log("storm ends after " + this.submits.toString() + " deliveries");
  }
}

const storm = new Storm();
register(storm);
storm.self = submitCap(storm);
log("storm begins");
sys_signal(storm.self);
