// Test component: reports and reads ROM modules as its config's steps say, logging what it sees.
//
// Steps, carried out in order (a step that waits lets the component return; it goes on later):
//   <report label="L" [buffer_size="N"] [repeat="K"]> NODES </report>
//       submits NODES (canonical XML, one node a line; the node's text without sub nodes), K
//       times over, through the Report session of label L, opened with N bytes (4096) if none is
//       open; logs only a failure.
//   <open label="L" [buffer_size="N"] [ram="R"] [args="A"]/>
//       opens another Report session of label L (with a donation of R bytes, or args A verbatim)
//       and logs whether it was granted; granted, it becomes the one later steps of L use.
//   <close label="L"/>            closes the Report session of label L.
//   <rom label="L" [changes="N"]/>
//       reads ROM module L (opened once) and logs its content, then waits until it was signalled
//       N times in all (0); from then on every change signal logs the content anew.
//   <wait label="L" [content="T"] [changes="N"]/>
//       waits, logging nothing, until ROM module L holds T (without T: anything but nothing) and
//       was signalled N times in all: how the tests order steps of different components.
//   <forge label="L"/>
//       sends malformed requests on the Report session of label L and logs the errors they got.
//   <log string="S"/>  <exit [value="V"]/>
import { Err } from "../../../../kernel/abi.ts";
import { ReportOp } from "../../../../components/report_session/protocol.ts";
import { exit } from "../../../../components/lib/component.ts";
import { Node, parseConfig } from "../../../../components/lib/config/parse.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { ReportConnection } from "../../../../components/report_session/connection.ts";
import { SERVICE, SESSION_CAPS, SESSION_RAM } from "../../../../components/report_session/report_session.ts";

/** Content as one log line: short text as it is (line breaks shown as \n), long text by size and FNV-1a hash. */
function show(bytes: Uint8Array): string {
  if (bytes.length == 0) return "(empty)";
  if (bytes.length <= 200) return String.UTF8.decode(bytes.buffer).replaceAll("\n", "\\n");
  let h: u32 = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = (h ^ <u32>bytes[i]) * 0x01000193;
  return bytes.length.toString() + " bytes, fnv1a " + h.toString(16);
}

function errorText(e: i32): string { return "error " + e.toString(); }

class Writer extends ReportConnection {
  ready(): void {
    super.ready();
    run();
  }
}

/** A Report session with args of the test's choosing (malformed ones too). */
class RawReport extends Connection {
  ready(): void { run(); }
}

class Reader extends RomConnection {
  /** Change signals received since the session was opened. */
  changes: i32 = 0;
  watching: bool = false;
  /** True until a <rom> step read it: changes of a module only waited for are not logged. */
  quiet: bool = true;
  handler: ReaderSignal | null = null;

  ready(): void {
    this.error = Err.Ok; // the constructor recorded Err.Pending when the session was not there at once
    run();
  }

  content(): string {
    this.error = Err.Ok; // RomConnection keeps the last error: this read starts afresh
    const bytes = this.bytes();
    return this.error < 0 ? "(" + errorText(this.error) + ")" : show(bytes);
  }

  watch(): void {
    if (this.watching) return;
    const h = new ReaderSignal(this);
    this.handler = h;
    register(h);
    this.sigh(submitCap(h));
    this.watching = true;
  }
}

class ReaderSignal extends SignalHandler {
  constructor(readonly reader: Reader) { super(); }

  handle(count: u32): void {
    const r = this.reader;
    r.changes++;
    if (!r.quiet) log("rom '" + r.label + "' changed: " + r.content());
    // The current step may wait for this: it looks again.
    run();
  }
}

const reports = new Map<string, ReportConnection>();
const roms = new Map<string, Reader>();
/** A session an <open> step asked for and has not heard about yet. */
let opening: Connection | null = null;

const configRom = new RomConnection("config");
const parsed = parseConfig(configRom.text());
const steps = parsed.ok() ? parsed.node!.children : new Array<Node>();
if (!parsed.ok()) log("config: " + parsed.describe("config"));
let next = 0;
/** True once the current step did what it does only once (logged a read, say) and now waits. */
let begun = false;

/** Carries out the steps from `next` on until one waits; what it waits for calls run() again. */
function run(): void {
  while (next < steps.length) {
    if (!perform(steps[next])) return;
    next++;
    begun = false;
  }
}

function reader(label: string): Reader {
  if (!roms.has(label)) roms.set(label, new Reader(label));
  return roms.get(label);
}

/** Carries out (or goes on with) one step; false while it waits. */
function perform(step: Node): bool {
  const label = step.attributeOr("label", "");
  if (step.type == "report") {
    if (!reports.has(label)) reports.set(label, new Writer(label, <u32>step.attributeU64("buffer_size", 4096)));
    const c = reports.get(label);
    if (c.pending) {
      c.whenReady();
      return false;
    }
    const r = c.submit(content(step));
    if (r < 0) log("report '" + label + "' failed: " + errorText(r));
    return true;
  }
  if (step.type == "open") {
    let asked = opening;
    if (asked == null) {
      const size = <u32>step.attributeU64("buffer_size", 4096);
      const ram = <u32>step.attributeU64("ram", <u64>size + SESSION_RAM);
      const args = step.attribute("args");
      asked = args !== null ? new RawReport(SERVICE, label, ram, SESSION_CAPS, args) : new Writer(label, size, ram);
      opening = asked;
    }
    const c = asked!;
    if (c.pending) {
      c.whenReady();
      return false;
    }
    opening = null;
    if (!c.ok) {
      log("Report '" + label + "' denied (" + errorText(c.cap) + ")");
      return true;
    }
    log("Report '" + label + "' granted");
    if (c instanceof ReportConnection) reports.set(label, <ReportConnection>c);
    return true;
  }
  if (step.type == "close") {
    if (reports.has(label)) {
      reports.get(label).close();
      reports.delete(label);
    }
    return true;
  }
  if (step.type == "rom" || step.type == "wait") {
    const r = reader(label);
    if (r.pending) {
      r.whenReady();
      return false;
    }
    if (!r.ok) {
      log("rom '" + label + "' denied (" + errorText(r.cap) + ")");
      return true;
    }
    r.watch();
    if (step.type == "rom" && !begun) {
      begun = true;
      r.quiet = false;
      log("rom '" + label + "': " + r.content());
    }
    if (r.changes < <i32>step.attributeU64("changes", 0)) return false;
    if (step.type == "rom") return true;
    r.error = Err.Ok;
    const now = r.text();
    const want = step.attribute("content");
    return want !== null ? now == want : now.length > 0;
  }
  if (step.type == "forge") {
    if (!reports.has(label) || !reports.get(label).ok) {
      log("forge: no Report session '" + label + "'");
      return true;
    }
    const c = reports.get(label);
    const results = new Array<string>();
    // A write past the end of the buffer.
    msg.begin(ReportOp.Write);
    msg.putU32(c.bufferSize);
    msg.putString("x");
    results.push(call(c.cap).toString());
    // A write whose block says it is longer than the message.
    msg.begin(ReportOp.Write);
    msg.putU32(0);
    msg.putU32(min(40, c.bufferSize));
    msg.putU32(0);
    results.push(call(c.cap).toString());
    // A submit of more than the buffer holds.
    msg.begin(ReportOp.Submit);
    msg.putU32(c.bufferSize + 1);
    results.push(call(c.cap).toString());
    // A submit without its length.
    msg.begin(ReportOp.Submit);
    results.push(call(c.cap).toString());
    // An opcode the service does not know.
    msg.begin(99);
    results.push(call(c.cap).toString());
    log("forged: " + results.join(" "));
    return true;
  }
  if (step.type == "log") {
    log(step.attributeOr("string", ""));
    return true;
  }
  if (step.type == "exit") {
    exit(<i32>step.attributeI64("value", 0));
    return false;
  }
  log("unknown step <" + step.type + ">");
  return true;
}

/** The report a <report> step submits. */
function content(step: Node): string {
  let one = step.text;
  if (step.children.length > 0) {
    const lines = new Array<string>();
    for (let i = 0; i < step.children.length; i++) lines.push(step.children[i].toXml());
    one = lines.join("\n");
  }
  const repeat = <i32>step.attributeU64("repeat", 1);
  if (repeat <= 1) return one;
  const all = new Array<string>();
  for (let i = 0; i < repeat; i++) all.push(one);
  return all.join("\n");
}

run();
