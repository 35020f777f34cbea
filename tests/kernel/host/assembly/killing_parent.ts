// Test component: starts a child of its own ("victim") and kills it in the middle of the child's call to it.
import { EnvSession, PdState } from "../../../../kernel/abi.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import { pdCreate, pdCreateError, pdKill, pdStatus } from "../../../../components/lib/pd.ts";
import { RpcObject, clientCap, manage, newBadge } from "../../../../components/lib/rpc.ts";
import { sys_signal_create } from "../../../../components/lib/syscalls.ts";

let child: i32 = 0;

/** The child's parent interface: its first call has it killed. */
class Parent extends RpcObject {
  dispatch(op: i32): i32 {
    log("child calls " + op.toString() + ": killing it, kill " + pdKill(child).toString());
    return 0;
  }
}

const pd = new Connection("PD", "", 0, 0, "", EnvSession.Pd).cap;
const binary = new Connection("ROM", "victim", 4096, 1).cap;
const parent = new Parent();
manage(parent);
child = pdCreate(pd, "victim", 256 * 1024, 16, binary, clientCap(parent), sys_signal_create(newBadge()));
log("child " + (child > 0 ? "started" : "refused: " + child.toString() + " " + pdCreateError));
log("child state " + (pdStatus(child).state == PdState.Running ? "running" : "not running"));
