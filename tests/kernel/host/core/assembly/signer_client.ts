// Test component: a client of core's Signer (and Compiler) session, its job named by its config's <job hostile build steal delay>.
//
// It logs the key's id ("key: ..."). hostile="1": bad requests first, each answer by its Err name
// ("hostile: ...") and the reasons of the refusals ("reasons: ..."). build="1": compiles a small
// module, has the provenance of its binary signed ("signed: SHA256"), and logs the envelope
// ("envelope: ..."). steal="SHA256": after `delay` ms (Timer), asks to sign a statement for that
// digest, which it never compiled ("steal: ERR REASON"). Without a route to Signer: "no Signer session: ...".
import { Err } from "../../../../../kernel/abi.ts";
import { buildDefinition, statement } from "../../../../../components/builder/provenance.ts";
import { ModuleSpec } from "../../../../../components/builder/recipe.ts";
import { Source } from "../../../../../components/builder/sources.ts";
import { CompilerConnection, ToolPackage } from "../../../../../components/compiler_session/connection.ts";
import { CompilerOutput, CompilerState } from "../../../../../components/compiler_session/protocol.ts";
import { parseConfig } from "../../../../../components/lib/config/parse.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { RomConnection } from "../../../../../components/lib/rom.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { sha256Hex } from "../../../../../components/lib/sha256.ts";
import { SignalHandler, register, submitCap } from "../../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../../components/lib/timer.ts";
import { SignerConnection } from "../../../../../components/signer_session/connection.ts";
import { SignerLimit, SignerOp, SignerState } from "../../../../../components/signer_session/protocol.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const parsed = parseConfig(new RomConnection("config").text()).node;

function setting(name: string, dflt: string): string {
  const root = parsed;
  if (root == null) return dflt;
  const job = root.child("job");
  return job == null ? dflt : job.attributeOr(name, dflt);
}

function bytesOf(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }

const ADD = "export function add(a: i32, b: i32): i32 { return a + b; }\n";
const SPEC = new ModuleSpec("add", "add.wasm", ["main.ts"], ["--runtime", "stub"]);

/** A statement for `sha256` as the builder writes it, from the one source. */
function statementFor(sha256: string, subject: string = "add.wasm"): string {
  const sources = [new Source("main.ts", bytesOf(ADD))];
  const hashes = new Map<string, string>();
  hashes.set("main.ts", sha256Hex(bytesOf(ADD)));
  const definition = buildDefinition(SPEC, "release", sources, hashes, new Array<ToolPackage>());
  return statement(subject, sha256, definition, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:01.000Z");
}

class Quiet extends SignalHandler {
  handle(count: u32): void {}
}
const quiet = new Quiet();
register(quiet);

const signer = new SignerConnection();
if (!signer.ok) log("no Signer session: " + errName(signer.cap));

function putPiece(offset: u32, bytes: Uint8Array): i32 {
  msg.begin(SignerOp.Put);
  msg.putU32(offset);
  msg.putBytes(bytes);
  return call(signer.cap);
}

/** Stages `text`, asks for it to be signed: the answer, and the reason when refused. */
function tryToSign(text: string): string {
  let r = signer.put(bytesOf(text));
  if (r == Err.Ok) r = signer.sign(submitCap(quiet));
  const st = signer.status();
  return errName(r) + (st != null && st.state == SignerState.Refused ? " " + st.reason : "");
}

function hostile(): void {
  const out = new Array<string>();
  const reasons = new Array<string>();
  const one = new Uint8Array(1);
  let r = signer.sign(submitCap(quiet));
  out.push("empty=" + errName(r));
  // A statement that is no JSON, then one cut short.
  const notJson = tryToSign("this is no statement");
  out.push("notjson=" + notJson.split(" ")[0]);
  reasons.push(notJson.substring(notJson.indexOf(" ") + 1));
  const whole = statementFor("ab".repeat(32));
  const cut = tryToSign(whole.substring(0, whole.length / 2));
  out.push("cut=" + cut.split(" ")[0]);
  reasons.push(cut.substring(cut.indexOf(" ") + 1));
  // A Put cut short: its offset, and no bytes.
  msg.begin(SignerOp.Put);
  msg.putU32(0);
  out.push("truncated-put=" + errName(call(signer.cap)));
  out.push("gap=" + errName(putPiece(9999, one)));
  out.push("big-piece=" + errName(putPiece(0, new Uint8Array(<i32>SignerLimit.Chunk + 1))));
  // A huge statement: pieces up to the limit, then one byte more.
  const piece = new Uint8Array(<i32>SignerLimit.Chunk);
  let offset: u32 = 0;
  r = Err.Ok;
  while (offset + <u32>SignerLimit.Chunk <= <u32>SignerLimit.Statement && r == Err.Ok) {
    r = putPiece(offset, piece);
    offset += <u32>SignerLimit.Chunk;
  }
  const rest = <u32>SignerLimit.Statement - offset;
  if (r == Err.Ok && rest > 0) r = putPiece(offset, new Uint8Array(<i32>rest));
  out.push("fill=" + errName(r));
  out.push("huge=" + errName(putPiece(<u32>SignerLimit.Statement, one)));
  // Sign without its signal.
  signer.put(bytesOf(whole));
  msg.begin(SignerOp.Sign);
  out.push("no-sigh=" + errName(call(signer.cap)));
  // A well-formed statement for a digest no compile of this component produced.
  const unknown = tryToSign(whole);
  out.push("unknown-digest=" + unknown.split(" ")[0]);
  reasons.push(unknown.substring(unknown.indexOf(" ") + 1));
  // Two subjects.
  const two = whole.replace("\"subject\":[", "\"subject\":[{\"name\":\"x.wasm\",\"digest\":{\"sha256\":\"" + "cd".repeat(32) + "\"}},");
  const both = tryToSign(two);
  out.push("two-subjects=" + both.split(" ")[0]);
  reasons.push(both.substring(both.indexOf(" ") + 1));
  msg.begin(SignerOp.Read);
  msg.putU32(0);
  msg.putU32(16);
  out.push("read-refused=" + errName(call(signer.cap)));
  msg.begin(99);
  out.push("opcode=" + errName(call(signer.cap)));
  log("hostile: " + out.join(" "));
  log("reasons: " + reasons.join(" | "));
}

// -- a build of its own, signed ----------------------------------------------------------

const compiler = new CompilerConnection();
let built = "";

class Signed extends SignalHandler {
  handle(count: u32): void {
    const st = signer.status();
    if (st == null || st.state == SignerState.Signing) return;
    if (st.state != SignerState.Done) { log("refused: " + st.reason); return; }
    log("signed: " + built);
    log("envelope: " + String.UTF8.decode(signer.read().buffer).trim());
  }
}
const signed = new Signed();
register(signed);

class Compiled extends SignalHandler {
  handle(count: u32): void {
    const st = compiler.status();
    if (st == null || st.state == CompilerState.Loading || st.state == CompilerState.Compiling) return;
    const binary = compiler.read(CompilerOutput.Binary);
    if (binary.length == 0) { log("compile: " + st.line); return; }
    built = sha256Hex(binary);
    let r = signer.put(bytesOf(statementFor(built)));
    if (r == Err.Ok) r = signer.sign(submitCap(signed));
    if (r != Err.Ok) log("sign: " + errName(r));
  }
}
const compiled = new Compiled();
register(compiled);

class Steal extends SignalHandler {
  handle(count: u32): void { log("steal: " + tryToSign(statementFor(setting("steal", "")))); }
}

if (signer.ok) {
  log("key: " + signer.keyId());
  if (setting("hostile", "0") == "1") hostile();
  if (setting("steal", "").length > 0) {
    const timer = new TimerConnection();
    const steal = new Steal();
    register(steal);
    timer.sigh(submitCap(steal));
    timer.once(<u32>parseInt(setting("delay", "100")) * 1000);
  }
  if (setting("build", "0") == "1") {
    compiler.putFile("main.ts", bytesOf(ADD));
    compiler.compile(["main.ts"], SPEC.flags, submitCap(compiled));
  }
}
