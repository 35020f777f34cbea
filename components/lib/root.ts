// A root: the object a server announces; it creates and closes the sessions of one service.
import { Err, RootOp } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import * as parent from "./parent.ts";
import { RpcObject, clientCap, dissolve, lookupObject, manage } from "./rpc.ts";

/** The arguments of a session request, as the parent passes them on. */
export class SessionRequest {
  constructor(readonly label: string, readonly args: string, readonly ramQuota: u32, readonly capQuota: u32) {}
}

export abstract class Root extends RpcObject {
  /** Makes the session object for a request, or null to deny it. */
  abstract create(request: SessionRequest): RpcObject | null;
  /** Called when a session closes, before its endpoint goes. */
  destroy(session: RpcObject): void {}

  dispatch(op: i32): i32 {
    if (op == RootOp.Session) {
      const label = msg.getString(), args = msg.getString();
      const ram = msg.getU32(), caps = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      const session = this.create(new SessionRequest(label, args, ram, caps));
      if (session == null) return Err.Denied;
      const e = manage(session);
      if (e < 0) return e;
      msg.begin();
      msg.putCap(clientCap(session));
      return Err.Ok;
    }
    if (op == RootOp.Close) {
      if (msg.capCount() != 1 || !msg.capUnwrapped(0)) return Err.Invalid;
      const session = lookupObject(<u32>msg.getCap(0));
      if (session == null || session === this) return Err.Invalid;
      this.destroy(session);
      dissolve(session);
      msg.begin();
      return Err.Ok;
    }
    return Err.BadOpcode;
  }
}

/** Serves `root` and announces it to the parent as `service`. */
export function announce(service: string, root: Root): i32 {
  const e = manage(root);
  if (e < 0) return e;
  return parent.announce(service, clientCap(root));
}
