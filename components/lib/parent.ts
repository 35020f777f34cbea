// The parent interface: every component's slot 1; sessions are asked of the parent, which routes them.
import { EnvSession, ParentOp, Slot } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";
import { parseNumber } from "./config/node.ts";

let nextId: u32 = EnvSession.FirstFree;

/** The next session id: a live swap carries it, so the new instance names no session twice. */
export function sessionIdCounter(): u32 { return nextId; }
export function setSessionIdCounter(next: u32): void { nextId = next; }

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

/** Donates `ramQuota` bytes and `capQuota` caps more to the server of session `id` (Genode's upgrade). */
export function upgrade(id: u32, ramQuota: u32, capQuota: u32): i32 {
  msg.begin(ParentOp.Upgrade);
  msg.putU32(id);
  msg.putU32(ramQuota);
  msg.putU32(capQuota);
  return call(Slot.Parent);
}

/** Genode's resource args: `ram_quota=N, cap_quota=M`, leaving out a zero amount. */
export function resourceArgs(ram: u64, caps: u64): string {
  const parts = new Array<string>();
  if (ram > 0) parts.push("ram_quota=" + ram.toString());
  if (caps > 0) parts.push("cap_quota=" + caps.toString());
  return parts.join(", ");
}

/** The amount `key` of resource args (Genode's number syntax, K/M/G allowed); 0 when absent or malformed. */
export function resourceArg(args: string, key: string): u64 {
  const parts = args.split(",");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].trim();
    const eq = p.indexOf("=");
    if (eq < 0 || p.substring(0, eq).trim() != key) continue;
    let v = p.substring(eq + 1).trim();
    if (v.length >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length - 1);
    return v.length > 0 ? parseNumber(v, 0) : 0;
  }
  return 0;
}

/** Asks the parent for more quota; it answers through the signal given by resourceAvailSigh, if at all. */
export function resourceRequest(args: string): i32 {
  msg.begin(ParentOp.ResourceRequest);
  msg.putString(args);
  return call(Slot.Parent);
}

/** The signal the parent submits when it granted more quota. */
export function resourceAvailSigh(signal: i32): i32 {
  msg.begin(ParentOp.ResourceAvailSigh);
  msg.putCap(signal);
  return call(Slot.Parent);
}

/** The signal the parent submits when it wants quota back. */
export function yieldSigh(signal: i32): i32 {
  msg.begin(ParentOp.YieldSigh);
  msg.putCap(signal);
  return call(Slot.Parent);
}

/** What the parent wants back now, as resource args ("" when nothing or when the call failed). */
export function yieldRequest(): string {
  msg.begin(ParentOp.YieldRequest);
  if (call(Slot.Parent) < 0) return "";
  const args = msg.getString();
  return msg.malformed() ? "" : args;
}

/** Tells the parent that what could be freed after its yield request is free now. */
export function yieldResponse(): i32 {
  msg.begin(ParentOp.YieldResponse);
  return call(Slot.Parent);
}

/** Server side: the session of request `id`, which its root answered Err.Pending, is there: `cap`. */
export function deliverSession(id: u32, cap: i32): i32 {
  msg.begin(ParentOp.DeliverSession);
  msg.putU32(id);
  msg.putCap(cap);
  return call(Slot.Parent);
}

/** Server side: request `id` ended otherwise (a SessionAnswer: denied, closed, upgraded). */
export function sessionResponse(id: u32, answer: i32): i32 {
  msg.begin(ParentOp.SessionResponse);
  msg.putU32(id);
  msg.putU32(<u32>answer);
  return call(Slot.Parent);
}
