// RPC: objects a component serves (one endpoint each, named by its badge) and calls to others.
//
// A call runs on the caller's stack: `call` returns when the server has replied. A server reads
// the whole request before it calls anyone else or writes its reply: all share one IPC buffer.
import { Err, Rights } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { sys_call, sys_drop, sys_endpoint, sys_derive } from "./syscalls.ts";

/** Something this component serves: a session, a root, a parent interface. */
export abstract class RpcObject {
  badge: u32 = 0;
  /** The owner capability of its endpoint; 0 while not served. */
  cap: i32 = 0;
  /** The capability handed to clients (call and transfer, no ownership); 0 until first asked for. */
  clientCap: i32 = 0;
  /** Serves one call: read the request with message.get*, reply with message.begin() and put*. */
  abstract dispatch(op: i32): i32;
}

// Objects by badge: badges are small and dense, so an array (not a Map) finds one in a load.
const objects = new Array<RpcObject | null>();
/** objects.length, kept where the hot path reads it without a call through the managed array. */
let objectsLength: u32 = 0;
let nextBadge: u32 = 1;

/** Hands out badges for endpoints and signals alike, so that each names one thing. */
export function newBadge(): u32 { return nextBadge++; }

/** The next badge newBadge hands out: a live swap carries it, so the new instance names nothing twice. */
export function badgeCounter(): u32 { return nextBadge; }
export function setBadgeCounter(next: u32): void { nextBadge = next; }

/** Serves `obj` again under the badge and capabilities it had in the instance this one took over from. */
export function reinstateObject(obj: RpcObject, badge: u32, cap: i32, clientCap: i32): void {
  obj.badge = badge;
  obj.cap = cap;
  obj.clientCap = clientCap;
  place(obj);
}

function place(obj: RpcObject): void {
  const badge = obj.badge;
  while (<u32>objects.length <= badge) objects.push(null);
  objectsLength = <u32>objects.length;
  unchecked(objects[badge] = obj);
}

/** Serves `obj` through a new endpoint. Returns its capability slot, or an Err. */
export function manage(obj: RpcObject): i32 {
  const badge = newBadge();
  const cap = sys_endpoint(badge);
  if (cap < 0) return cap;
  obj.badge = badge;
  obj.cap = cap;
  place(obj);
  return cap;
}

/** Stops serving `obj`: its endpoint is destroyed, every capability to it turns stale. */
export function dissolve(obj: RpcObject): void {
  if (obj.cap == 0) return;
  unchecked(objects[obj.badge] = null);
  if (obj.clientCap > 0) sys_drop(obj.clientCap);
  sys_drop(obj.cap);
  obj.cap = 0;
  obj.clientCap = 0;
}

/** The object served under `badge` (an unwrapped capability names one so), or null. */
export function lookupObject(badge: u32): RpcObject | null { return objectAt(badge); }

@inline function objectAt(badge: u32): RpcObject | null {
  // The array's backing store read directly: indexing it goes through a call that keeps a
  // shadow-stack slot for the array (objects is a global: it stays reachable anyway).
  return badge < objectsLength ? changetype<RpcObject | null>(load<usize>(objects.dataStart + (<usize>badge << alignof<usize>()))) : null;
}

/**
 * The capability to hand to clients: call and transfer, never ownership. It is kept while the
 * object is served, so it can go out in a reply (transfers happen after the handler returns).
 */
export function clientCap(obj: RpcObject): i32 {
  if (obj.clientCap <= 0) obj.clientCap = sys_derive(obj.cap, Rights.Call | Rights.Transfer);
  return obj.clientCap;
}

/**
 * Drops the capabilities the last message read brought and nobody took (message.getCap). Inline
 * and a test of one word when none did, as on almost every call: it is on the IPC path.
 */
@inline function dropUntaken(): void {
  if (msg.untaken() != 0) dropArrived();
}

function dropArrived(): void {
  const m = msg.takeUntaken();
  for (let i: u32 = 0; i < 4; i++) if ((m >> i) & 1) sys_drop(msg.arrivedSlot(i));
}

/** Calls through `cap` with the request built in the IPC buffer; the server's result or an Err. */
export function call(cap: i32): i32 {
  msg.seal();
  // Whatever the last reply or request brought is read by now (see the rule above).
  dropUntaken();
  const e = sys_call(cap);
  if (e < 0) return e;
  msg.read();
  return msg.result();
}

/** The entry of every call this component serves (exported as __dispatch). */
export function dispatch(badge: u32, op: i32, len: u32): i32 {
  msg.read();
  const obj = objectAt(badge);
  if (obj == null) {
    dropUntaken();
    return Err.Invalid;
  }
  const result = obj.dispatch(op);
  dropUntaken();
  if (msg.malformed()) {
    msg.begin();
    msg.seal();
    return Err.BadMsg;
  }
  msg.seal();
  return result;
}
