// hello_server: serves Hello sessions, one object per client, counts the calls it answered, and announces the service.
import { Err } from "../../kernel/abi.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { log } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { HelloOp, HelloSessionQuota, SERVICE } from "../hello_session/hello_session.ts";

/** Calls answered, all sessions together: a live swap carries it. */
let answered: i32 = 0;

class HelloSession extends RpcObject {
  constructor(readonly label: string) { super(); }

  dispatch(op: i32): i32 {
    answered++;
    if (op == HelloOp.SayHello) {
      log("Hello, " + this.label + "!");
      return Err.Ok;
    }
    if (op == HelloOp.Add) {
      const a = msg.getI32(), b = msg.getI32();
      return a + b;
    }
    if (op == HelloOp.Count) return answered;
    return Err.BadOpcode;
  }
}

class HelloRoot extends Root {
  readonly sessions: HelloSession[] = new Array<HelloSession>();

  /** What one session costs: its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return HelloSessionQuota.Ram; }
  sessionCaps(): u32 { return HelloSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const s = new HelloSession(request.label);
    this.sessions.push(s);
    return s;
  }

  destroy(session: RpcObject): void {
    const i = this.sessions.indexOf(changetype<HelloSession>(session));
    if (i >= 0) this.sessions.splice(i, 1);
  }
}

const root = new HelloRoot();

/** Its state across a live swap: the count, the root, each session with its label. */
function save(w: StateWriter): void {
  w.i32(answered);
  w.served(root);
  w.u32(<u32>root.sessions.length);
  for (let i = 0; i < root.sessions.length; i++) {
    const s = root.sessions[i];
    w.string(s.label);
    w.served(s);
  }
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  answered = r.i32();
  r.served(root);
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const s = new HelloSession(r.string());
    r.served(s);
    root.sessions.push(s);
  }
  return true;
}

if (!liveState(1, save, load)) {
  announce(SERVICE, root);
  log("ready");
}
