// Test service: Hello sessions that count every call they answer, with live-state hooks; a bad update's Add traps after its first `faultAfter` calls.
import { Err } from "../../../../../kernel/abi.ts";
import { liveState, StateReader, StateWriter } from "../../../../../components/lib/live_state.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { Root, SessionRequest, announce } from "../../../../../components/lib/root.ts";
import { RpcObject } from "../../../../../components/lib/rpc.ts";
import { HelloOp, HelloSessionQuota, SERVICE } from "../../../../../components/hello_session/hello_session.ts";

let answered: i32 = 0;
/** Calls this instance answered itself; it traps in Add past faultAfter of them (-1: never). */
let mine: i32 = 0;
let faultAfter: i32 = -1;

class Counted extends RpcObject {
  dispatch(op: i32): i32 {
    answered++;
    mine++;
    if (op == HelloOp.Add) {
      const a = msg.getI32(), b = msg.getI32();
      if (faultAfter >= 0 && mine > faultAfter) unreachable();
      return a + b;
    }
    if (op == HelloOp.Count) return answered;
    return Err.BadOpcode;
  }
}

class CountedRoot extends Root {
  readonly sessions: Counted[] = new Array<Counted>();
  sessionRam(): u32 { return HelloSessionQuota.Ram; }
  sessionCaps(): u32 { return HelloSessionQuota.Caps; }
  create(request: SessionRequest): RpcObject | null {
    const s = new Counted();
    this.sessions.push(s);
    return s;
  }
}

const root = new CountedRoot();

function save(w: StateWriter): void {
  w.i32(answered);
  w.served(root);
  w.u32(<u32>root.sessions.length);
  for (let i = 0; i < root.sessions.length; i++) w.served(root.sessions[i]);
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  answered = r.i32();
  r.served(root);
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const s = new Counted();
    r.served(s);
    root.sessions.push(s);
  }
  return true;
}

/** Serves Hello (Add, Count); a bad version traps in Add once it answered `traps` calls itself (-1: never). */
export function serve(traps: i32): void {
  faultAfter = traps;
  if (!liveState(1, save, load)) {
    announce(SERVICE, root);
    log("ready");
  }
}
