// Test client: calls its Hello server's Add every 10 ms (Timer) and logs each answer with the server's count ("N: 7 after C calls", "N: failed Dead").
import { HelloConnection } from "../../../../../components/hello_session/connection.ts";
import { log } from "../../../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../../components/lib/timer.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const hello = new HelloConnection();
const timer = new TimerConnection();
let calls = 0;

class Tick extends SignalHandler {
  handle(count: u32): void {
    calls++;
    const sum = hello.add(2, 5);
    const answer = sum < 0 ? "failed " + errName(sum) : sum.toString() + " after " + hello.count().toString() + " calls";
    // Each answer with the count: a count that goes on shows the state was kept.
    log(calls.toString() + ": " + answer);
  }
}

const tick = new Tick();
register(tick);
timer.sigh(submitCap(tick));
timer.periodic(10_000);
