// Test client of Probe: 50 ms after its start, one echo, logged, to show the server still serves.
import { log } from "../../../../components/lib/log.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";
import { ProbeOp } from "./probe_service.ts";

const probe = new Connection("Probe", "", 4096, SESSION_CAPS);
const timer = new TimerConnection();

class Later extends SignalHandler {
  handle(count: u32): void {
    msg.begin(ProbeOp.Echo);
    msg.putBytes(new Uint8Array(4));
    log("echo " + call(probe.cap).toString());
  }
}

const later = new Later();
register(later);
timer.sigh(submitCap(later));
timer.once(50_000);
