// Test client of Probe that has the server burn a million iterations per call, in an endless loop of calls.
import { log } from "../../../../components/lib/log.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { ProbeOp } from "./probe_service.ts";

const probe = new Connection("Probe", "", 4096, SESSION_CAPS);
log("session " + (probe.ok ? "ok" : probe.cap.toString()));
for (let calls = 1; ; calls++) {
  msg.begin(ProbeOp.Burn);
  msg.putU32(1_000_000);
  const r = call(probe.cap);
  if (r != 0) { log("call " + calls.toString() + " failed: " + r.toString()); break; }
  if (calls % 10 == 0) log("calls " + calls.toString());
}
