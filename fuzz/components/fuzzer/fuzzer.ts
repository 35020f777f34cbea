// The hostile component: issues seeded random and adversarial syscalls in batches, serves whoever
// calls it with hostile replies, and reports progress and its ledger's address over its own LOG.
//
// Its config: <config seed="N" count="N" batch="N" report="N"/>. It never exits: the harness
// removes it (init kills it), which is the death whose clean-up the invariants check.
import { Err, Msg, ParentOp } from "../../../kernel/abi.ts";
import { LogOp } from "../../../components/log_session/protocol.ts";
import { PdSessionOp } from "../../../components/pd_session/protocol.ts";
import { RomOp } from "../../../components/rom_session/protocol.ts";
import * as msg from "../../../components/lib/message.ts";
import { sys_call, sys_exit } from "../../../components/lib/syscalls.ts";
import * as ledger from "./ledger.ts";
import { Kind } from "./ledger.ts";
import * as oracle from "./oracle.ts";
import { Sc } from "./oracle.ts";
import * as requests from "./requests.ts";
import * as rng from "./rng.ts";
import { attribute } from "../attribute.ts";

export const __ipc_buffer: usize = msg.ipcBuffer;

const TICK_BADGE: u32 = 0x7eadbeef;
const CONFIG_ID: u32 = 18;

let target: u32 = 0;
let batch: u32 = 2000;
let every: u32 = 10000;
let nextReport: u32 = 0;
let tick: i32 = 0;
let logCap: i32 = 0;
let finished = false;
let served: u32 = 0;

/** A line on the progress LOG; its reply brings no capability, and is checked for none all the same. */
function report(text: string): void {
  if (logCap <= 0) return;
  msg.begin(LogOp.Write);
  msg.putString(text);
  msg.seal();
  if (sys_call(logCap) == Err.Ok) oracle.receiveCaps(Kind.Unknown, "a LOG reply");
}

/** A session of our parent's, asked for through slot 1; its capability or an Err. */
function session(id: u32, service: string, label: string, kind: Kind): i32 {
  msg.begin(ParentOp.Session);
  msg.putU32(id);
  msg.putString(service);
  msg.putString(label);
  msg.putU32(4096);
  msg.putU32(1);
  msg.putString("");
  msg.seal();
  const r = oracle.call(1, kind);
  if (r != Err.Ok) return r;
  const result = msg.result();
  return result < 0 ? result : msg.getCap(0);
}

function readConfig(): string {
  const rom = session(CONFIG_ID, "ROM", "config", Kind.Rom);
  if (rom <= 0) return "";
  msg.begin(RomOp.Read);
  msg.putU32(0);
  msg.putU32(<u32>Msg.MaxPayload - 4);
  msg.seal();
  if (oracle.call(rom, Kind.Unknown) != Err.Ok || msg.result() < 0) return "";
  msg.read();
  return String.UTF8.decode(msg.getBytes().buffer);
}

/** A slot to aim at: mostly one we hold, sometimes the parent, a small number or anything. */
function anySlot(): i32 {
  const r = rng.below(100);
  if (r < 35) {
    // A session or a PD object, where calls reach a server rather than bounce off a signal.
    const s = ledger.heldOfKind(<Kind>(Kind.Log + rng.below(<u32>Kind.OwnEndpoint - <u32>Kind.Log)));
    if (s != 0) return s;
    const p = ledger.heldOfKind(Kind.PdObject);
    if (p != 0) return p;
  }
  if (r < 70) return ledger.anyHeld();
  if (r < 80) return 1;
  if (r < 90) return <i32>rng.below(64);
  return <i32>rng.nasty();
}

/** A call through `slot` with a request shaped for it; a PD object a Create made is taken in. */
function callThrough(slot: i32): void {
  const kind = requests.build(slot);
  const op = msg.opcode();
  const pdSession = ledger.kindOf(slot) == Kind.Pd;
  if (oracle.call(slot, kind) != Err.Ok) return;
  // Core's PD service names the PD object it made in our space in the reply payload.
  if (pdSession && op == PdSessionOp.Create && msg.result() == Err.Ok && load<u32>(msg.ipcBuffer + Msg.Length) >= 8) {
    oracle.grantPdObject(load<i32>(msg.ipcBuffer + Msg.Payload));
  }
}

/** One random syscall. The progress LOG and the batch signal are never dropped: the run needs them. */
function move(): void {
  const r = rng.below(100);
  if (r < 45) callThrough(anySlot());
  else if (r < 55) oracle.signal(anySlot());
  else if (r < 65) oracle.derive(anySlot(), rng.chance(85) ? rng.below(32) : rng.nasty());
  else if (r < 77) {
    const slot = anySlot();
    // The parent capability goes only near the end: without it, the rest of the run explores little.
    if (slot == logCap || slot == tick || (slot == 1 && oracle.total < target - target / 32)) oracle.signal(slot);
    else oracle.drop(slot);
  } else if (r < 81) oracle.endpoint(rng.chance(50) ? rng.below(16) : rng.nasty());
  else if (r < 84) oracle.signalCreate(rng.chance(50) ? rng.below(16) : rng.nasty());
  else if (r < 89) {
    const own = ledger.heldOfKind(Kind.OwnEndpoint);
    callThrough(own != 0 ? own : anySlot());
  } else callThrough(1);
}

function stats(): string {
  let s = "done " + oracle.total.toString();
  const names: string[] = ["calls", "signals", "derives", "drops", "endpoints", "signal_creates"];
  for (let i = 0; i < <i32>Sc.Count; i++) s += " " + names[i] + "=" + oracle.issued[i].toString();
  s += " ok=" + oracle.results[0].toString() + " errors=";
  for (let e = 1; e < 16; e++) if (oracle.results[e] != 0) s += e.toString() + ":" + oracle.results[e].toString() + ",";
  return s + " served=" + served.toString() + " held=" + ledger.heldCount().toString() + " surprises=" + oracle.surprises.toString();
}

function runBatch(): void {
  for (let i: u32 = 0; i < batch && oracle.total < target; i++) {
    move();
    if (oracle.total >= nextReport) {
      report("progress " + oracle.total.toString() + " surprises " + oracle.surprises.toString() + " held " + ledger.heldCount().toString());
      nextReport += every;
    }
  }
  if (oracle.total >= target) {
    finished = true;
    report(stats());
  } else {
    oracle.signal(tick);
  }
}

export function __signal(badge: u32, count: u32): void {
  if (badge == TICK_BADGE && !finished) runBatch();
}

/** Someone calls one of our endpoints: take in what came, maybe make a syscall or two, reply with garbage. */
export function __dispatch(badge: u32, op: i32, len: u32): i32 {
  oracle.receiveCaps(Kind.Unknown, "a request");
  served++;
  if (!finished && target > 0) {
    for (let n = rng.below(3); n > 0 && oracle.total < target; n--) move();
  }
  return requests.reply(op);
}

function start(): void {
  oracle.grantParent();
  logCap = session(requests.LOG_ID, "LOG", "fuzz-report", Kind.Log);
  oracle.setReporter(report);
  const text = readConfig();
  // A copy of us started by another fuzzer (through core's PD service) has no config: it ends.
  if (!text.includes("seed=")) { sys_exit(2); return; }
  rng.seedWith(attribute(text, "seed", 1));
  target = attribute(text, "count", 0);
  batch = max<u32>(1, attribute(text, "batch", 2000));
  every = max<u32>(1, attribute(text, "report", 10000));
  nextReport = every;
  tick = oracle.signalCreate(TICK_BADGE);
  report("ledger " + ledger.ledger.toString() + " " + ledger.SLOTS.toString() + " log " + logCap.toString() + " tick " + tick.toString());
  if (tick <= 0 || logCap <= 0) { sys_exit(3); return; }
  oracle.signal(tick);
}

start();
