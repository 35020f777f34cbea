// Test component: serves "Relay": a call burns the iterations it asks for, then relays the same call to the next relay, if it has one.
import { Err } from "../../../../kernel/abi.ts";
import { log } from "../../../../components/lib/log.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import * as msg from "../../../../components/lib/message.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../../../../components/lib/root.ts";
import { RpcObject, call } from "../../../../components/lib/rpc.ts";

class RelaySession extends RpcObject {
  dispatch(op: i32): i32 {
    const n = msg.getU32();
    log("burning " + n.toString());
    for (let i: u32 = 0; i < n; i++) store<u32>(0, i);
    let r: i32 = 0;
    if (next.ok) {
      msg.begin(1);
      msg.putU32(n);
      r = call(next.cap);
      log("next answered " + r.toString());
    }
    msg.begin();
    msg.putI32(r);
    return Err.Ok;
  }
}

class RelayRoot extends Root {
  create(request: SessionRequest): RpcObject | null { return new RelaySession(); }
}

announce("Relay", new RelayRoot());
const next = new Connection("Relay", "", 4096, SESSION_CAPS);
log(next.ok ? "next ok" : "last");
