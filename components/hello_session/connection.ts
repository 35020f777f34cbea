// The Hello session's client side: a connection and its two calls.
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { HelloOp, HelloSessionQuota, SERVICE } from "./hello_session.ts";

export class HelloConnection extends Connection {
  constructor() {
    super(SERVICE, "", HelloSessionQuota.Ram, HelloSessionQuota.Caps);
  }

  sayHello(): i32 {
    msg.begin(HelloOp.SayHello);
    return call(this.cap);
  }

  /** How many calls the server answered, this one included. */
  count(): i32 {
    msg.begin(HelloOp.Count);
    return call(this.cap);
  }

  add(a: i32, b: i32): i32 {
    msg.begin(HelloOp.Add);
    msg.putI32(a);
    msg.putI32(b);
    return call(this.cap);
  }
}
