// Requests the fuzzer sends: shaped after the interface a slot leads to (parent, LOG, ROM, PD,
// Hello, a PD object), or garbage, and then, often, corrupted in the header the kernel checks.
import { EnvSession, Msg, ParentOp, PdOp, RootOp } from "../../../kernel/abi.ts";
import { LogOp } from "../../../components/log_session/protocol.ts";
import { PdSessionOp } from "../../../components/pd_session/protocol.ts";
import { RomOp } from "../../../components/rom_session/protocol.ts";
import * as msg from "../../../components/lib/message.ts";
import * as ledger from "./ledger.ts";
import { Kind } from "./ledger.ts";
import * as rng from "./rng.ts";

/** Session ids the fuzzer keeps for itself: its progress LOG must stay open. */
export const LOG_ID: u32 = 17;

// Services and labels, the ones that lead somewhere more often than the ones that do not.
const SERVICES: string[] = ["LOG", "ROM", "ROM", "PD", "PD", "CPU", "Hello", "Hello", "Fuzz", "Fuzz", "Fuzz", "Clock", "Report", "", "LOG\0", "Nonexistent"];
const LABELS: string[] = ["", "", "config", "hello", "hello", "fuzzer", "hello_server", "init", "kernel.wasm", "a -> b", " -> ", "../../config"];

/** The kind of session capability a Session request for `service` brings. */
function kindOfService(service: string): Kind {
  if (service == "LOG") return Kind.Log;
  if (service == "ROM") return Kind.Rom;
  if (service == "PD") return Kind.Pd;
  if (service == "CPU") return Kind.Cpu;
  if (service == "Hello") return Kind.Hello;
  if (service == "Fuzz") return Kind.Peer;
  return Kind.Unknown;
}

/** Session ids asked for so far (below 64): the parent answers a repeated one with what it has. */
let idsUsed: u64 = 0;

/** An id the fuzzer asked a session for, at random (never its progress LOG's). */
function openedId(): u32 {
  for (let i = 0; i < 8; i++) {
    const id = EnvSession.FirstFree + rng.below(64 - <u32>EnvSession.FirstFree);
    if (id != LOG_ID && (idsUsed & (<u64>1 << id)) != 0) return id;
  }
  return smallId();
}

function pick(list: string[]): string { return unchecked(list[rng.below(<u32>list.length)]); }

/** A short string of arbitrary bytes (not always valid UTF-8). */
function junkString(): void {
  const n = rng.chance(90) ? rng.below(24) : rng.below(600);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < <i32>n; i++) bytes[i] = <u8>rng.next();
  if (rng.chance(10)) { msg.putU32(rng.nasty()); return; } // a length word with nothing behind it
  msg.putBytes(bytes);
}

function someString(list: string[]): void {
  if (rng.chance(85)) msg.putString(pick(list));
  else junkString();
}

/** An amount of quota: small and plausible, or adversarial. */
function amount(): u32 { return rng.chance(70) ? rng.below(8) * 4096 : rng.nasty(); }
function smallId(): u32 {
  const id = rng.chance(95) ? rng.below(64) : rng.nasty();
  return id == LOG_ID ? id + 1 : id;
}

/** A capability to attach: one we hold, one of our endpoints, or a number we were never given. */
export function someCap(): i32 {
  const r = rng.below(100);
  if (r < 55) return ledger.anyHeld();
  if (r < 75) { const e = ledger.heldOfKind(Kind.OwnEndpoint); return e != 0 ? e : ledger.anyHeld(); }
  if (r < 85) { const s = ledger.heldOfKind(Kind.OwnSignal); return s != 0 ? s : ledger.anyHeld(); }
  return <i32>rng.nasty();
}

function caps(max: u32): void {
  const n = rng.below(max + 1);
  for (let i: u32 = 0; i < n; i++) msg.putCap(someCap());
}

function words(n: u32): void { for (let i: u32 = 0; i < n; i++) msg.putU32(rng.chance(50) ? rng.below(64) : rng.nasty()); }

/** A parent-interface request; returns the kind of capability its reply may bring. */
function parentRequest(): Kind {
  const r = rng.below(100);
  const op = r < 30 ? ParentOp.Session : r < 45 ? ParentOp.Close : r < 52 ? ParentOp.Announce : r < 92 ? 1 + rng.below(15) : rng.nasty();
  msg.begin(<i32>op);
  switch (op) {
    case ParentOp.Session: {
      const service = pick(SERVICES);
      const id = smallId();
      msg.putU32(id);
      // An id named before (or one of the environment's) may bring a session of another service.
      let known = !(id < 64 && (id < <u32>EnvSession.FirstFree || (idsUsed & (<u64>1 << id)) != 0));
      if (id < 64) idsUsed |= <u64>1 << id;
      if (rng.chance(90)) msg.putString(service); else { junkString(); known = false; }
      someString(LABELS);
      msg.putU32(rng.chance(80) ? (1 + rng.below(16)) * 4096 : amount());
      msg.putU32(rng.chance(80) ? 1 + rng.below(3) : rng.nasty());
      someString(["", "ram_quota=4K", "cap_quota=1"]);
      return known ? kindOfService(service) : Kind.Unknown;
    }
    // Closing sessions it opened gives back the quota they took: the run goes on exploring.
    case ParentOp.Close: msg.putU32(rng.chance(70) ? openedId() : smallId()); break;
    case ParentOp.SessionCap: msg.putU32(smallId()); break;
    case ParentOp.Announce: {
      someString(["Fuzz", "Fuzz", "Fuzz", "LOG", "Hello", ""]);
      const own = ledger.heldOfKind(Kind.OwnEndpoint);
      if (rng.chance(70) && own != 0) msg.putCap(own); else caps(2);
      break;
    }
    case ParentOp.Upgrade: msg.putU32(smallId()); msg.putU32(amount()); msg.putU32(rng.below(3)); break;
    case ParentOp.ResourceRequest: someString(["ram_quota=64K", "cap_quota=10", "ram_quota=4G, cap_quota=4294967295", "x"]); break;
    case ParentOp.DeliverSession: msg.putU32(smallId()); caps(2); break;
    case ParentOp.SessionResponse: msg.putU32(smallId()); msg.putU32(rng.below(6)); break;
    default: if (rng.chance(50)) words(rng.below(4)); caps(1);
  }
  return Kind.Unknown;
}

function romRequest(): void {
  const op = rng.chance(90) ? 1 + rng.below(3) : rng.nasty();
  msg.begin(<i32>op);
  if (op == RomOp.Read) { msg.putU32(rng.chance(60) ? rng.below(256) : rng.nasty()); msg.putU32(rng.chance(60) ? rng.below(5000) : rng.nasty()); }
  else if (op == RomOp.Sigh) caps(2);
  else words(rng.below(3));
}

function pdSessionRequest(): Kind {
  const op = rng.chance(90) ? 1 + rng.below(4) : rng.nasty();
  msg.begin(<i32>op);
  if (op == PdSessionOp.Create) {
    someString(["child", "", "a -> b"]);
    msg.putU32(rng.chance(60) ? (1 + rng.below(4)) * 65536 : rng.nasty());
    msg.putU32(rng.chance(70) ? 1 + rng.below(8) : rng.nasty());
    msg.putU32(rng.chance(70) ? 0 : rng.nasty());
    // The binary's ROM session, the child's parent endpoint, its exit signal: often right, often not.
    const rom = ledger.heldOfKind(Kind.Rom), ep = ledger.heldOfKind(Kind.OwnEndpoint), sig = ledger.heldOfKind(Kind.OwnSignal);
    msg.putCap(rng.chance(80) && rom != 0 ? rom : someCap());
    msg.putCap(rng.chance(80) && ep != 0 ? ep : someCap());
    msg.putCap(rng.chance(80) && sig != 0 ? sig : someCap());
    return Kind.PdObject;
  }
  if (op == PdSessionOp.AllocRam) msg.putU32(rng.chance(70) ? rng.below(64) * 1024 : rng.nasty());
  else if (op == PdSessionOp.FreeRam) msg.putU32(rng.below(8));
  else words(rng.below(3));
  return Kind.Unknown;
}

function pdObjectRequest(): void {
  const op = rng.chance(90) ? 1 + rng.below(5) : rng.nasty();
  msg.begin(<i32>op);
  if (op == PdOp.Give || op == PdOp.Take) { msg.putU32(amount()); msg.putU32(rng.chance(70) ? rng.below(4) : rng.nasty()); }
}

/** Anything: an opcode, payload words and capabilities at random. */
function garbage(): void {
  msg.begin(<i32>(rng.chance(50) ? rng.below(8) : rng.nasty()));
  words(rng.below(rng.chance(90) ? 8 : 1000));
  caps(rng.chance(80) ? 2 : 4);
}

/** Builds a request for `slot` in the IPC buffer; returns the kind of capability its reply may bring. */
export function build(slot: i32): Kind {
  let kind = Kind.Unknown;
  switch (rng.chance(85) ? ledger.kindOf(slot) : Kind.Unknown) {
    case Kind.Parent: kind = parentRequest(); break;
    case Kind.Log: msg.begin(rng.chance(90) ? LogOp.Write : <i32>rng.nasty()); someString(["hello from the fuzzer", "", "two\nlines"]); break;
    case Kind.Rom: romRequest(); break;
    case Kind.Pd: kind = pdSessionRequest(); break;
    case Kind.Hello: msg.begin(<i32>(rng.chance(90) ? 1 + rng.below(2) : rng.nasty())); words(rng.below(3)); break;
    case Kind.PdObject: pdObjectRequest(); break;
    default: garbage();
  }
  msg.seal();
  // A corrupted request may be another request altogether: what its reply brings is unknown then.
  if (rng.chance(15)) { corrupt(); kind = Kind.Unknown; }
  // Whatever else it sends its parent, the fuzzer keeps its progress LOG open.
  if (ledger.kindOf(slot) == Kind.Parent && msg.opcode() == ParentOp.Close && load<u32>(msg.ipcBuffer + Msg.Payload) == LOG_ID) {
    store<u32>(msg.ipcBuffer + Msg.Payload, LOG_ID + 1);
  }
  return kind;
}

/** Breaks one word of the header the kernel and the host read: length, capability count or slots, opcode. */
function corrupt(): void {
  switch (rng.below(4)) {
    case 0: store<u32>(msg.ipcBuffer + Msg.Length, rng.nasty()); break;
    case 1: store<u32>(msg.ipcBuffer + Msg.Caps, rng.chance(70) ? rng.below(6) : rng.nasty()); break;
    case 2: store<i32>(msg.ipcBuffer + Msg.Cap0 + (rng.below(4) << 2), rng.chance(50) ? someCap() : <i32>rng.nasty()); break;
    default: store<u32>(msg.ipcBuffer + Msg.Opcode, rng.nasty());
  }
}

/**
 * A hostile reply: a result, a length and capabilities at random, valid or not. Half the session
 * requests (RootOp.Session, from init) get one of our endpoints: the peer then calls us directly.
 */
export function reply(op: i32): i32 {
  const own = ledger.heldOfKind(Kind.OwnEndpoint);
  if (op == RootOp.Session && own != 0 && rng.chance(50)) {
    msg.begin();
    msg.putCap(own);
    msg.seal();
    return 0;
  }
  msg.begin();
  if (rng.chance(40)) words(rng.below(6));
  caps(rng.chance(70) ? 1 : 4);
  msg.seal();
  if (rng.chance(20)) corrupt();
  const r = rng.below(4);
  return r == 0 ? 0 : r == 1 ? -<i32>rng.below(16) : r == 2 ? <i32>rng.below(100) : <i32>rng.nasty();
}
