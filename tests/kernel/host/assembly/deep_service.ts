// Test service "Deep": each request recurses as many levels as it asks for (1,000, say) and answers the depth reached.
import { Err } from "../../../../kernel/abi.ts";
import * as msg from "../../../../components/lib/message.ts";
import { Root, SessionRequest, announce } from "../../../../components/lib/root.ts";
import { RpcObject } from "../../../../components/lib/rpc.ts";

function recurse(n: i32): i32 { return n <= 0 ? 0 : recurse(n - 1) + 1; }

class DeepSession extends RpcObject {
  dispatch(op: i32): i32 {
    if (op != 1) return Err.BadOpcode;
    const n = msg.getI32();
    msg.begin();
    return recurse(n);
  }
}

class DeepRoot extends Root {
  create(request: SessionRequest): RpcObject | null { return new DeepSession(); }
}

announce("Deep", new DeepRoot());
