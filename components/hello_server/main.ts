// hello_server: serves Hello sessions, one object per client, and announces the service.
import { Err } from "../../kernel/abi.ts";
import { log } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { HelloOp, HelloSessionQuota, SERVICE } from "../hello_session/hello_session.ts";

class HelloSession extends RpcObject {
  constructor(readonly label: string) { super(); }

  dispatch(op: i32): i32 {
    if (op == HelloOp.SayHello) {
      log("Hello, " + this.label + "!");
      return Err.Ok;
    }
    if (op == HelloOp.Add) {
      const a = msg.getI32(), b = msg.getI32();
      return a + b;
    }
    return Err.BadOpcode;
  }
}

class HelloRoot extends Root {
  /** What one session costs: its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return HelloSessionQuota.Ram; }
  sessionCaps(): u32 { return HelloSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    return new HelloSession(request.label);
  }
}

announce(SERVICE, new HelloRoot());
log("ready");
