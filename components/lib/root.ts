// A root: the object a server announces; it creates and closes the sessions of one service, each paid by its client.
//
// As in Genode, a session request donates RAM and capabilities, which reach the server's quota
// with the session. A root states what one session costs it (sessionRam, sessionCaps: its session
// protocol's quota) and refuses a request donating less with Err.Quota before anything is made, so
// no client's session is paid from the server's own quota.
import { Err, RootOp } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import * as parent from "./parent.ts";
import { RpcObject, clientCap, dissolve, lookupObject, manage } from "./rpc.ts";

/** The arguments of a session request, as the parent passes them on. */
export class SessionRequest {
  constructor(readonly label: string, readonly args: string, readonly ramQuota: u32, readonly capQuota: u32) {}
}

/**
 * What serving one session takes of a server's capabilities whatever the session does: its
 * endpoint and the capability its client gets (rpc.ts manage, clientCap).
 */
export const SESSION_CAPS: u32 = 2;

/** The request id a RootOp payload ends with (0 from a parent that sends none): a later answer names it. */
export function trailingRequestId(): u32 { return msg.remaining() >= 4 ? msg.getU32() : 0; }

export abstract class Root extends RpcObject {
  /** The id of the request being served (RootOp.Session, Close): a server that answers later needs it. */
  protected requestId: u32 = 0;
  /** RAM one session costs this server (its state): requests donating less get Err.Quota. */
  sessionRam(): u32 { return 0; }
  /** Capabilities one session costs this server: SESSION_CAPS, and one for each signal of the client's it keeps. */
  sessionCaps(): u32 { return SESSION_CAPS; }
  /** Makes the session object for a paid request, or null to deny it. */
  abstract create(request: SessionRequest): RpcObject | null;
  /** Called when a session closes, before its endpoint goes. */
  destroy(session: RpcObject): void {}
  /** Called when the client donated `ram` bytes and `caps` caps more to `session` (the quota is ours already). */
  upgrade(session: RpcObject, ram: u32, caps: u32): void {}

  dispatch(op: i32): i32 {
    if (op == RootOp.Session) {
      const label = msg.getString(), args = msg.getString();
      const ram = msg.getU32(), caps = msg.getU32();
      this.requestId = trailingRequestId();
      if (msg.malformed()) return Err.BadMsg;
      if (ram < this.sessionRam() || caps < this.sessionCaps()) return Err.Quota;
      const session = this.create(new SessionRequest(label, args, ram, caps));
      if (session == null) return Err.Denied;
      const e = manage(session);
      if (e < 0) return e;
      msg.begin();
      msg.putCap(clientCap(session));
      return Err.Ok;
    }
    if (op == RootOp.Close) {
      this.requestId = trailingRequestId();
      if (msg.capCount() != 1 || !msg.capUnwrapped(0)) return Err.Invalid;
      const session = lookupObject(<u32>msg.getCap(0));
      if (session == null || session === this) return Err.Invalid;
      this.destroy(session);
      dissolve(session);
      msg.begin();
      return Err.Ok;
    }
    if (op == RootOp.Upgrade) {
      const ram = msg.getU32(), caps = msg.getU32();
      this.requestId = trailingRequestId();
      if (msg.malformed() || msg.capCount() != 1 || !msg.capUnwrapped(0)) return Err.BadMsg;
      const session = lookupObject(<u32>msg.getCap(0));
      if (session == null || session === this) return Err.Invalid;
      this.upgrade(session, ram, caps);
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
