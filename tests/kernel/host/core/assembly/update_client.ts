// Test component: a client of core's Update session, its job named by its config's <job hostile swap binary>.
//
// untrusted="1": binaries core must not trust swapped in for `swap` ("unsigned: ...", "tampered: ...",
// "garbled: ...", "provenance: ..."). hostile="1": malformed and forbidden requests first, each answer logged ("answers: ..."), then a
// binary that is no Wasm swapped in for `swap` ("junk: ..."). swap="NAME" binary="ROM": stages the
// ROM module and swaps NAME to it ("swap: RESULT LINE"), after `delay` ms (Timer) when given; back="1"
// then puts the previous version back after as long again ("back: RESULT LINE"). Without a route to
// Update: "no Update session: ...".
import { Err } from "../../../../../kernel/abi.ts";
import { UpdateLimit, UpdateOp } from "../../../../../components/update_session/protocol.ts";
import { UpdateConnection } from "../../../../../components/update_session/connection.ts";
import { parseConfig } from "../../../../../components/lib/config/parse.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { RomConnection } from "../../../../../components/lib/rom.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../../components/lib/timer.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const parsed = parseConfig(new RomConnection("config").text()).node;

function setting(name: string, dflt: string): string {
  const root = parsed;
  if (root == null) return dflt;
  const job = root.child("job");
  return job == null ? dflt : job.attributeOr(name, dflt);
}

function hostile(u: UpdateConnection, target: string): void {
  let out = "answers:";
  // A piece at an offset nothing was staged up to.
  msg.begin(UpdateOp.Stage);
  msg.putU32(100);
  msg.putU32(0);
  out += " gap=" + errName(call(u.cap));
  // A request cut short.
  msg.begin(UpdateOp.Swap);
  out += " short=" + errName(call(u.cap));
  out += " unstaged=" + errName(u.swap(target, "", 0).result);
  out += " core=" + errName(u.swap("core", "", 0).result);
  out += " nosuch=" + errName(u.swap("nosuch", "", 0).result);
  out += " back=" + errName(u.back(target).result);
  msg.begin(UpdateOp.Entry);
  msg.putU32(7);
  out += " entry=" + call(u.cap).toString();
  msg.begin(99);
  out += " opcode=" + errName(call(u.cap));
  out += " kernel=" + errName(u.swapKernel());
  out += " reboot=" + errName(u.reboot(true));
  log(out);
  // Bytes that are no Wasm: refused, the target runs on.
  const junk = new Uint8Array(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = <u8>(i * 7);
  const e = u.stage(junk);
  const r = u.swap(target, "junk.wasm", 0);
  log("junk: stage=" + errName(e) + " swap=" + errName(r.result) + " " + r.line);
}

/** Swaps in the image's hello with its last byte changed: unsigned, with hello's own provenance, with a garbled one. */
function untrusted(u: UpdateConnection, target: string): void {
  const rom = new RomConnection("hello.wasm");
  const bytes = rom.bytes();
  rom.close();
  const real = new RomConnection("hello.wasm.intoto.jsonl");
  const envelope = real.bytes();
  real.close();
  bytes[bytes.length - 1] ^= 1;
  u.stage(bytes);
  log("unsigned: " + u.swap(target, "forged.wasm", 0).line);
  u.stage(bytes);
  u.stageProvenance(envelope);
  log("tampered: " + u.swap(target, "hello.wasm", 0).line);
  u.stage(bytes);
  const garbage = new Uint8Array(100);
  for (let i = 0; i < garbage.length; i++) garbage[i] = <u8>(65 + i % 26);
  u.stageProvenance(garbage);
  log("garbled: " + u.swap(target, "hello.wasm", 0).line);
  // A provenance piece at an offset nothing was staged up to, and one past the limit.
  msg.begin(UpdateOp.StageProvenance);
  msg.putU32(100);
  msg.putU32(0);
  const gap = call(u.cap);
  const piece = new Uint8Array(<i32>UpdateLimit.Chunk);
  let offset: u32 = 0, e: i32 = 0;
  while (e >= 0 && offset <= <u32>UpdateLimit.Provenance) {
    msg.begin(UpdateOp.StageProvenance);
    msg.putU32(offset);
    msg.putRaw(piece.dataStart, piece.length);
    e = call(u.cap);
    offset += <u32>piece.length;
  }
  log("provenance: gap=" + errName(gap) + " huge=" + errName(e));
}

function swapIn(u: UpdateConnection, target: string, binary: string): void {
  const rom = new RomConnection(binary);
  const bytes = rom.bytes();
  rom.close();
  const e = u.stage(bytes);
  const r = u.swap(target, binary, 0);
  log("swap: stage=" + errName(e) + " " + errName(r.result) + " " + r.line);
}

const u = new UpdateConnection();
const target = setting("swap", "");
const binary = setting("binary", "");
const delay = I32.parseInt(setting("delay", "0"));
let timer: TimerConnection | null = null;
let steps = 0;

class Later extends SignalHandler {
  handle(count: u32): void {
    steps++;
    if (steps == 1) {
      swapIn(u, target, binary);
      if (setting("back", "0") == "1") timer!.once(<u32>delay * 1000);
    } else if (steps == 2) {
      const r = u.back(target);
      log("back: " + errName(r.result) + " " + r.line);
    }
  }
}

if (!u.ok) log("no Update session: " + errName(u.cap));
else {
  if (setting("hostile", "0") == "1") hostile(u, target);
  if (setting("untrusted", "0") == "1") untrusted(u, target);
  if (binary.length > 0 && delay <= 0) swapIn(u, target, binary);
  else if (binary.length > 0) {
    const later = new Later();
    register(later);
    timer = new TimerConnection();
    timer!.sigh(submitCap(later));
    timer!.once(<u32>delay * 1000);
  }
}
