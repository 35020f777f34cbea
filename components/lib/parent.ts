// The parent interface: every component's slot 1; sessions are asked of the parent, which routes them.
import { EnvSession, ParentOp, Slot } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

let nextId: u32 = EnvSession.FirstFree;

/** A new id for a session: the client names its sessions to its parent by these. */
export function newSessionId(): u32 { return nextId++; }

/** Asks the parent for session `id` of `service`; returns the session capability or an Err. */
export function session(id: u32, service: string, label: string, ramQuota: u32, capQuota: u32, args: string): i32 {
  msg.begin(ParentOp.Session);
  msg.putU32(id);
  msg.putString(service);
  msg.putString(label);
  msg.putU32(ramQuota);
  msg.putU32(capQuota);
  msg.putString(args);
  const r = call(Slot.Parent);
  if (r < 0) return r;
  return msg.capCount() == 1 ? msg.getCap(0) : -8 /* Err.BadMsg */;
}

/** Closes session `id`; the parent returns the donated quota. */
export function close(id: u32): i32 {
  msg.begin(ParentOp.Close);
  msg.putU32(id);
  return call(Slot.Parent);
}

/** Offers a service: sessions of it are created through `root`. */
export function announce(service: string, root: i32): i32 {
  msg.begin(ParentOp.Announce);
  msg.putString(service);
  msg.putCap(root);
  return call(Slot.Parent);
}
