// Test component: RAM held outside its memory through its PD session (core's AllocRam, FreeRam), logged step by step.
import { EnvSession } from "../../../../kernel/abi.ts";
import { PdSessionOp } from "../../../../components/pd_session/protocol.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { ownQuota, pdAllocRam, pdFreeRam } from "../../../../components/lib/pd.ts";
import { call } from "../../../../components/lib/rpc.ts";

const pd = new Connection("PD", "", 0, 0, "", EnvSession.Pd).cap;

function used(): string {
  const q = ownQuota(pd);
  return q == null ? "?" : q.ramUsed.toString();
}

const before = used();
const handle = pdAllocRam(pd, 100 * 1024);
log("alloc " + (handle > 0 ? "ok" : handle.toString()) + " used " + before + " -> " + used());
log("too much " + pdAllocRam(pd, 0xffffff00).toString() + " used " + used());
log("free unknown " + pdFreeRam(pd, handle + 1000).toString());
msg.begin(PdSessionOp.AllocRam);
log("malformed " + call(pd).toString());
log("free " + pdFreeRam(pd, handle).toString() + " used " + used());
log("free again " + pdFreeRam(pd, handle).toString());
