// Test component: sends the timer malformed and bad requests, logs each answer by its Err name, then sets a good timeout and waits for it.
import { TimerOp } from "../../../../components/timer_session/protocol.ts";
import { exit } from "../../../../components/lib/component.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { sys_signal_create } from "../../../../components/lib/syscalls.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";
import { errName } from "../../fs/assembly/names.ts";

const timer = new TimerConnection();
if (!timer.ok) {
  log("no Timer session: " + errName(timer.cap));
  exit(1);
}
const cap = timer.cap;
const out = new Array<string>();

// A timeout without its time, a signal without a capability or with two, an opcode the timer does not know.
msg.begin(TimerOp.Once);
out.push("once-empty=" + errName(call(cap)));
msg.begin(TimerOp.Periodic);
out.push("periodic-empty=" + errName(call(cap)));
msg.begin(TimerOp.Sigh);
out.push("sigh-nocap=" + errName(call(cap)));
msg.begin(TimerOp.Sigh);
msg.putCap(sys_signal_create(900));
msg.putCap(sys_signal_create(901));
out.push("sigh-twocaps=" + errName(call(cap)));
msg.begin(77);
out.push("opcode=" + errName(call(cap)));
// The extremes of what it takes: a periodic timeout of 0 (raised to its shortest period), the longest one-shot.
out.push("periodic-zero=" + errName(timer.periodic(0)));
out.push("once-max=" + errName(timer.once(0xffff_ffff)));
out.push("cancel=" + errName(timer.cancel()));

class Fired extends SignalHandler {
  handle(count: u32): void {
    log("fired");
    exit(0);
  }
}
const fired = new Fired();
register(fired);
out.push("sigh=" + errName(timer.sigh(submitCap(fired))));
out.push("once=" + errName(timer.once(2000)));
log(out.join(" "));
