// The fuzzer's syscalls: each goes through here, is counted, keeps the ledger, and is checked
// against what the ledger says must happen (a slot never handed out answers Err.BadCap, always).
import { Err, Msg, ObjType, Rights } from "../../../kernel/abi.ts";
import { ipcBuffer } from "../../../components/lib/message.ts";
import { sys_call, sys_derive, sys_drop, sys_endpoint, sys_signal, sys_signal_create } from "../../../components/lib/syscalls.ts";
import * as ledger from "./ledger.ts";
import { Kind } from "./ledger.ts";

/** Syscalls issued, by kind, and their results: 0 ok (or a slot), 1..15 the Err codes. */
export const enum Sc { Call = 0, Signal = 1, Derive = 2, Drop = 3, Endpoint = 4, SignalCreate = 5, Count = 6 }
export const issued = new StaticArray<u32>(<i32>Sc.Count);
export const results = new StaticArray<u32>(16);
export let total: u32 = 0;
export let surprises: u32 = 0;

/** Where a surprise is told: the fuzzer's progress log (set once its LOG session is there). */
let reporter: (text: string) => void = (text: string): void => {};
export function setReporter(fn: (text: string) => void): void { reporter = fn; }

/** Something the kernel answered that it must not: counted, and told (the first few only). */
export function surprise(text: string): void {
  surprises++;
  if (surprises <= 20) reporter("surprise: " + text);
}

/** Badges of endpoints the fuzzer created and still owns, with how many owner slots carry each. */
const ownBadges = new Map<u32, u32>();
const badgeOf = new StaticArray<u32>(<i32>ledger.SLOTS);

/** Counts a result; `slot` (when a syscall names one) must answer Err.BadCap unless the ledger holds it. */
function tally(sc: Sc, r: i32, what: string, slot: i32, named: bool = true): i32 {
  unchecked(issued[<i32>sc]++);
  total++;
  if (r >= 0) unchecked(results[0]++);
  else if (r >= Err.Pending) unchecked(results[-r]++);
  else surprise(what + " " + slot.toString() + " answered " + r.toString() + ", no error code");
  // The one answer a slot the fuzzer was never handed can give.
  if (named && !ledger.isHeld(slot) && r != Err.BadCap) surprise(what + " through slot " + slot.toString() + ", never handed out, answered " + r.toString());
  return r;
}

/** Records a slot a syscall or a message handed out. */
function grant(slot: i32, type: u32, rights: u32, created: bool, kind: Kind, what: string): void {
  if (!ledger.record(slot, type, rights, created, kind)) surprise(what + " handed out slot " + slot.toString() + ", held already or out of range");
}

/**
 * Takes in the capabilities of a message that arrived (a reply, or a request served): new slots
 * go in the ledger, unwrapped ones must name endpoints the fuzzer serves.
 */
export function receiveCaps(kind: Kind, what: string): void {
  const n = load<i32>(ipcBuffer + Msg.Caps);
  if (n < 0 || n > Msg.MaxCaps) { surprise(what + " arrived with " + n.toString() + " capabilities"); return; }
  const unwrapped = load<u32>(ipcBuffer + Msg.Unwrapped);
  for (let i = 0; i < n; i++) {
    const word = load<i32>(ipcBuffer + Msg.Cap0 + (i << 2));
    if ((unwrapped >> <u32>i) & 1) {
      if (!ownBadges.has(<u32>word)) surprise(what + " brought badge " + word.toString() + " unwrapped, not an endpoint of ours");
    } else {
      grant(word, ObjType.None, Rights.All & ~Rights.Own, false, kind, what);
    }
  }
}

/** A call through `slot` with the request in the IPC buffer; a reply's capabilities are taken in as `kind`. */
export function call(slot: i32, kind: Kind): i32 {
  const r = tally(Sc.Call, sys_call(slot), "call", slot);
  if (ledger.kindOf(slot) == Kind.OwnEndpoint && r == Err.Ok) surprise("a call to our own endpoint went through");
  if (r != Err.Ok) return r;
  const len = load<u32>(ipcBuffer + Msg.Length);
  if (len > <u32>Msg.MaxPayload) surprise("a reply of " + len.toString() + " bytes");
  receiveCaps(kind, "a reply");
  return r;
}

export function signal(slot: i32): i32 { return tally(Sc.Signal, sys_signal(slot), "signal", slot); }

export function derive(slot: i32, rights: u32): i32 {
  const r = tally(Sc.Derive, sys_derive(slot, rights), "derive", slot);
  if (r >= 0) {
    const kind = ledger.kindOf(slot);
    grant(r, ledger.typeOf(slot), ledger.rightsOf(slot) & rights & ~Rights.Own, false, kind, "derive");
  }
  return r;
}

export function drop(slot: i32): i32 {
  const wasHeld = ledger.isHeld(slot);
  const ownEndpoint = wasHeld && (ledger.entry(slot) & ledger.CREATED) != 0 && ledger.typeOf(slot) == ObjType.Endpoint;
  const r = tally(Sc.Drop, sys_drop(slot), "drop", slot);
  if (wasHeld && slot != 0 && r != Err.Ok) surprise("dropping held slot " + slot.toString() + " answered " + r.toString());
  if (r == Err.Ok) {
    if (ownEndpoint) {
      const b = unchecked(badgeOf[slot]);
      const n = ownBadges.get(b);
      if (n > 1) ownBadges.set(b, n - 1); else ownBadges.delete(b);
    }
    ledger.forget(slot);
  }
  return r;
}

export function endpoint(badge: u32): i32 {
  const r = tally(Sc.Endpoint, sys_endpoint(badge), "endpoint", 0, false);
  if (r >= 0) {
    grant(r, ObjType.Endpoint, Rights.All, true, Kind.OwnEndpoint, "endpoint");
    if (ledger.inRange(r)) unchecked(badgeOf[r] = badge);
    ownBadges.set(badge, ownBadges.has(badge) ? ownBadges.get(badge) + 1 : 1);
  }
  return r;
}

export function signalCreate(badge: u32): i32 {
  const r = tally(Sc.SignalCreate, sys_signal_create(badge), "signal_create", 0, false);
  if (r >= 0) grant(r, ObjType.Signal, Rights.All, true, Kind.OwnSignal, "signal_create");
  return r;
}

/** A PD object core created in our capability space (PD session Create names its slot in the payload). */
export function grantPdObject(slot: i32): void { grant(slot, ObjType.Pd, Rights.All, true, Kind.PdObject, "PD creation"); }

/** Parent capability at slot 1: call only (the kernel granted it so at our creation). */
export function grantParent(): void { grant(1, ObjType.Endpoint, Rights.Call, false, Kind.Parent, "creation"); }
