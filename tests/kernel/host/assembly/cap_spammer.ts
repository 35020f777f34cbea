// Test component: attaches capabilities to calls whose servers keep none of them, announces a service
// three times over and hands init a session signal, then logs the slots of its signal and endpoint.
import { ParentOp, Rights, Slot } from "../../../../kernel/abi.ts";
import { LogOp } from "../../../../components/log_session/protocol.ts";
import { log, LogConnection } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { announce } from "../../../../components/lib/parent.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { sys_derive, sys_endpoint, sys_signal_create } from "../../../../components/lib/syscalls.ts";

const signal = sys_signal_create(7);
const endpoint = sys_endpoint(8);
const own = new LogConnection("spam");

let refused = 0;
for (let i = 0; i < 20; i++) {
  // Core's LOG service keeps no capability.
  msg.begin(LogOp.Write);
  msg.putString("with a capability");
  msg.putCap(signal);
  msg.putCap(endpoint);
  if (call(own.cap) != 0) refused++;
  // Init answers an opcode it does not know without looking at the capability.
  msg.begin(99);
  msg.putCap(signal);
  if (call(Slot.Parent) >= 0) refused++;
}
for (let i = 0; i < 3; i++) announce("Spam", sys_derive(endpoint, Rights.Call | Rights.Transfer));
msg.begin(ParentOp.SessionSigh);
msg.putCap(signal);
call(Slot.Parent);
log("slots " + signal.toString() + " " + endpoint.toString() + " unexpected " + refused.toString());
