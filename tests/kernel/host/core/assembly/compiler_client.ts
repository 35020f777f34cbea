// Test component: a client of core's Compiler service through CompilerConnection, its job named by its config's <job source again hostile>.
//
// source="add": a module exporting add(a, b); source="errors": a module with a syntax error that
// imports a file nobody staged. It stages the source, compiles, logs the state right after asking
// ("asked: ..."), each progress line ("progress: ..."), and at the end the state, the binary as hex,
// each line of the diagnostics ("diag: ...") and the inputs. again="1": 1 s (Timer) after the end,
// it compiles once more. hostile="1": first sends the service bad requests and logs how each was answered.
import { Err } from "../../../../../kernel/abi.ts";
import { CompilerLimit, CompilerOp, CompilerOutput, CompilerState } from "../../../../../components/compiler_session/protocol.ts";
import { CompilerConnection } from "../../../../../components/compiler_session/connection.ts";
import { parseConfig } from "../../../../../components/lib/config/parse.ts";
import { exit } from "../../../../../components/lib/component.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { RomConnection } from "../../../../../components/lib/rom.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../../components/lib/timer.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

function setting(name: string, dflt: string): string {
  const parsed = parseConfig(new RomConnection("config").text()).node;
  if (parsed == null) return dflt;
  const job = parsed.child("job");
  return job == null ? dflt : job.attributeOr(name, dflt);
}

function stateName(s: u32): string {
  switch (s) {
    case CompilerState.Idle: return "Idle";
    case CompilerState.Loading: return "Loading";
    case CompilerState.Compiling: return "Compiling";
    case CompilerState.Done: return "Done";
    case CompilerState.Failed: return "Failed";
    case CompilerState.Stopped: return "Stopped";
    case CompilerState.Crashed: return "Crashed";
  }
  return s.toString();
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return s;
}

function bytesOf(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }

const compiler = new CompilerConnection();
if (!compiler.ok) {
  log("no Compiler session: " + errName(compiler.cap));
  exit(1);
}
const cap = compiler.cap;
const source = setting("source", "add");
const again = setting("again", "0") == "1";
log("version: " + compiler.version());

// -- the bad requests ---------------------------------------------------------------------

function putPiece(path: string, offset: u32, bytes: Uint8Array): i32 {
  msg.begin(CompilerOp.PutFile);
  msg.putString(path);
  msg.putU32(offset);
  msg.putBytes(bytes);
  return call(cap);
}

function readPiece(which: u32, offset: u32, max: u32): i32 {
  msg.begin(CompilerOp.Read);
  msg.putU32(which);
  msg.putU32(offset);
  msg.putU32(max);
  return call(cap);
}

function hostile(): void {
  const out = new Array<string>();
  const one = bytesOf("x");
  out.push("abs=" + errName(compiler.putFile("/a.ts", one)));
  out.push("dotdot=" + errName(compiler.putFile("a/../b.ts", one)));
  out.push("dot=" + errName(compiler.putFile("./a.ts", one)));
  out.push("empty-elem=" + errName(compiler.putFile("a//b.ts", one)));
  out.push("empty=" + errName(compiler.putFile("", one)));
  out.push("long=" + errName(compiler.putFile("p".repeat(<i32>CompilerLimit.Path + 1), one)));
  out.push("big-piece=" + errName(putPiece("a.ts", 0, new Uint8Array(<i32>CompilerLimit.Chunk + 1))));
  out.push("gap=" + errName(putPiece("gap.ts", 7, one)));
  // Staged bytes: one file grown piece by piece up to the limit, then one byte more.
  const piece = new Uint8Array(<i32>CompilerLimit.Chunk);
  let offset: u32 = 0, r: i32 = Err.Ok;
  while (offset + <u32>CompilerLimit.Chunk <= <u32>CompilerLimit.Staged && r == Err.Ok) {
    r = putPiece("big.ts", offset, piece);
    offset += <u32>CompilerLimit.Chunk;
  }
  const rest = <u32>CompilerLimit.Staged - offset;
  if (r == Err.Ok && rest > 0) r = putPiece("big.ts", offset, new Uint8Array(<i32>rest));
  out.push("fill=" + errName(r));
  out.push("over-staged=" + errName(putPiece("more.ts", 0, one)));
  out.push("reset=" + errName(compiler.reset()));
  // Files: as many empty ones as allowed, then one more.
  r = Err.Ok;
  for (let i = 0; i < <i32>CompilerLimit.Files && r == Err.Ok; i++) r = putPiece("f" + i.toString() + ".ts", 0, new Uint8Array(0));
  out.push("files=" + errName(r));
  out.push("over-files=" + errName(putPiece("one-more.ts", 0, one)));
  compiler.reset();
  // Flags that are unknown, name or write files of the host, or take values not allowed.
  const entry = ["a.ts"];
  out.push("flag-unknown=" + errName(compiler.compile(entry, ["--bogus"], submitCap(progress))));
  out.push("flag-outFile=" + errName(compiler.compile(entry, ["--outFile", "/tmp/x.wasm"], submitCap(progress))));
  out.push("flag-transform=" + errName(compiler.compile(entry, ["--transform", "/tmp/evil.js"], submitCap(progress))));
  out.push("flag-config=" + errName(compiler.compile(entry, ["--config", "/etc/passwd"], submitCap(progress))));
  out.push("flag-lib=" + errName(compiler.compile(entry, ["--lib=/usr/lib"], submitCap(progress))));
  out.push("flag-runtime=" + errName(compiler.compile(entry, ["--runtime", "../../x"], submitCap(progress))));
  out.push("flag-novalue=" + errName(compiler.compile(entry, ["--runtime"], submitCap(progress))));
  out.push("entry-abs=" + errName(compiler.compile(["/etc/passwd"], [], submitCap(progress))));
  out.push("no-entry=" + errName(compiler.compile([], [], submitCap(progress))));
  // Compile without its signal capability.
  msg.begin(CompilerOp.Compile);
  msg.putU32(1);
  msg.putString("a.ts");
  msg.putU32(0);
  out.push("no-sigh=" + errName(call(cap)));
  // Read: an unknown output, too much at once, past the end.
  out.push("read-which=" + errName(readPiece(9, 0, 16)));
  out.push("read-max=" + errName(readPiece(CompilerOutput.Binary, 0, <u32>CompilerLimit.Chunk + 1)));
  out.push("read-past=" + errName(readPiece(CompilerOutput.Binary, 1, 16)));
  out.push("read-empty=" + errName(readPiece(CompilerOutput.Binary, 0, 16)));
  msg.begin(99);
  out.push("opcode=" + errName(call(cap)));
  const st = compiler.status();
  out.push("status=" + (st != null ? stateName(st.state) : errName(compiler.error)));
  log("hostile: " + out.join(" "));
}

// -- the compile --------------------------------------------------------------------------

const ADD = "export function add(a: i32, b: i32): i32 { return a + b; }\n";
const ERRORS = "import { helper } from \"./lib/missing\";\nexport function f(a: i32): i32 {\n  return a + ;\n}\n";

let timer: TimerConnection | null = null;
let compiles = 0;

class Progress extends SignalHandler {
  handle(count: u32): void {
    const st = compiler.status();
    if (st == null) { log("status: " + errName(compiler.error)); return; }
    if (st.state == CompilerState.Loading || st.state == CompilerState.Compiling) {
      log("progress: " + stateName(st.state) + " " + st.line);
      return;
    }
    log("end: " + stateName(st.state) + " " + st.line);
    const binary = compiler.read(CompilerOutput.Binary);
    if (binary.length > 0) log("binary: " + hex(binary));
    const diag = compiler.readText(CompilerOutput.Diagnostics).split("\n");
    for (let i = 0; i < diag.length; i++) if (diag[i].length > 0) log("diag: " + diag[i]);
    log("inputs: " + compiler.readText(CompilerOutput.Inputs).split("\n").join(" ").trim());
    if (again && compiles == 1) timer!.once(1_000_000);
    else exit(0);
  }
}

class Again extends SignalHandler {
  handle(count: u32): void { start(); }
}

const progress = new Progress();
register(progress);

function start(): void {
  compiles++;
  const r = compiler.compile(["main.ts"], source == "add" ? ["--runtime", "stub", "-O3"] : [], submitCap(progress));
  const st = compiler.status();
  log("asked: " + errName(r) + " " + (st != null ? stateName(st.state) + " " + st.line : errName(compiler.error)));
  log("again while it runs: " + errName(compiler.compile(["main.ts"], [], submitCap(progress))) + " reset: " + errName(compiler.reset()));
}

if (setting("hostile", "0") == "1") hostile();
if (again) {
  timer = new TimerConnection();
  const a = new Again();
  register(a);
  timer!.sigh(submitCap(a));
}
const put = compiler.putFile("main.ts", bytesOf(source == "add" ? ADD : ERRORS));
if (put != Err.Ok) log("putFile: " + errName(put));
start();
