// report_rom: keeps what Report sessions submit as ROM modules, which ROM sessions read as their config's <policy> says.
//
// Genode's report_rom, as its test-init scenario uses it (components/init/SEMANTICS.md §14):
// - Report: the module is named after the session's full label; the args give the buffer size
//   (components/report_session/report_session.ts). One writer per module at a time. A submit
//   replaces the content and signals every reader; when the writer closes, the content is
//   cleared without a signal (readers see it empty when they next read).
// - ROM: the best-matching <policy> of the config (components/lib/policy.ts) names the module in
//   its `report` attribute. A module can be read before anything reported it: it is empty.
// - `<config verbose="yes">` logs each report as it comes in.
//
// A live swap carries the config's text, every module with its content and readers' signals, and
// both roots with their sessions: readers and writers go on through the sessions they hold.
import { Err, RootOp } from "../../kernel/abi.ts";
import { ReportOp, ReportSessionQuota } from "../report_session/protocol.ts";
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { Node, parseConfig } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { selectPolicy } from "../lib/policy.ts";
import { RomConnection } from "../lib/rom.ts";
import { RomModule, RomSession } from "../lib/rom_server.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { SERVICE as REPORT, bufferSizeOf } from "../report_session/report_session.ts";

// The LOG session is opened now, at start: later lines are written while serving init's calls,
// and a session asked of init then would be refused (init is on the call chain).
const logger = new LogConnection();

/** A line as Genode's warning() frames it (components/init/SEMANTICS.md LG1). */
function warning(text: string): void {
  logger.write(warningLine(text));
}

// -- config ---------------------------------------------------------------------------------

/** The config in force: policies apply to ROM sessions opened from then on, as in Genode. */
let config: Node = new Node("config");
/** Its text, which a live swap carries (the new instance cannot read the ROM while it takes over). */
let configText = "";
let verbose = false;

class ConfigRom extends RomConnection {
  /** The config ROM is there (or was denied: then no policy exists and every ROM request is denied). */
  ready(): void {
    if (!this.ok) return;
    this.error = Err.Ok; // the constructor recorded Err.Pending when the session was not there at once
    if (register(changed) > 0) this.sigh(submitCap(changed));
    readConfig();
  }
}

class ConfigChanged extends SignalHandler {
  handle(count: u32): void { readConfig(); }
}

const changed = new ConfigChanged();
const configRom = new ConfigRom("config");

function readConfig(): void {
  configRom.error = Err.Ok; // RomConnection keeps the last error: this read starts afresh
  const text = configRom.text();
  if (configRom.error < 0) return; // keep the config in force: the module could not be read
  applyConfig(text);
}

function applyConfig(text: string): void {
  configText = text;
  const parsed = parseConfig(text);
  if (!parsed.ok()) {
    // A broken config grants nothing: every ROM request is denied until it is fixed.
    warning(parsed.describe("config"));
    config = new Node("config");
    verbose = false;
    return;
  }
  config = parsed.node!;
  verbose = config.attributeBool("verbose", false);
}

// -- modules --------------------------------------------------------------------------------

/** A module as its writer and readers share it; it exists while either kind holds a session. */
class Module {
  readonly rom: RomModule;
  writers: i32 = 0;
  readers: i32 = 0;

  constructor(readonly name: string) {
    this.rom = new RomModule(name);
  }
}

const modules = new Map<string, Module>();

function lookup(name: string): Module {
  if (modules.has(name)) return modules.get(name);
  const m = new Module(name);
  modules.set(name, m);
  return m;
}

/** Forgets a module nobody refers to any more (a later session starts it anew, empty). */
function release(m: Module): void {
  if (m.writers == 0 && m.readers == 0 && modules.has(m.name) && modules.get(m.name) === m) modules.delete(m.name);
}

/** Genode's print_lines: the longest line logged at once; longer ones continue on the next line. */
const MAX_LINE: i32 = 200;

/**
 * Logs a report's text line by line as Genode's report_rom does: up to a NUL, leading line breaks
 * skipped, the first line's indentation removed from every line that has it, each line behind
 * two spaces.
 */
function logLines(content: Uint8Array): void {
  let len = content.indexOf(0);
  if (len < 0) len = content.length;
  const text = String.UTF8.decodeUnsafe(content.dataStart, <usize>len);
  const n = text.length;
  let i = 0;
  while (i < n && text.charCodeAt(i) == 0x0a) i++;
  let indentEnd = i;
  while (indentEnd < n && (text.charCodeAt(indentEnd) == 0x20 || text.charCodeAt(indentEnd) == 0x09)) indentEnd++;
  const indent = text.substring(i, indentEnd);
  while (i < n) {
    if (indent.length > 0 && text.startsWith(indent, i)) i += indent.length;
    let end = i;
    while (end < n && end - i < MAX_LINE && text.charCodeAt(end) != 0x0a) end++;
    logger.write("  " + text.substring(i, end));
    i = end;
    if (i < n && text.charCodeAt(i) == 0x0a) i++;
  }
}

// -- sessions -------------------------------------------------------------------------------

/** One writer's session: its buffer (Genode's report dataspace) and the module it writes. */
class ReportSession extends RpcObject {
  buffer: Uint8Array;

  constructor(readonly module: Module, size: u32) {
    super();
    this.buffer = new Uint8Array(size);
  }

  dispatch(op: i32): i32 {
    const size = <u32>this.buffer.length;
    if (op == ReportOp.Write) {
      const offset = msg.getU32(), n = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (offset > size || n > size - offset) return Err.Invalid;
      // Straight from the IPC buffer into the report buffer; false when the message is shorter than it says.
      if (!msg.getBlock(this.buffer.dataStart + offset, n)) return Err.BadMsg;
      msg.begin();
      return Err.Ok;
    }
    if (op == ReportOp.Submit) {
      const length = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (length > size) return Err.Invalid;
      const content = this.buffer.slice(0, <i32>length);
      const m = this.module;
      if (verbose) {
        logger.write("report '" + m.name + "'");
        logLines(content);
      }
      m.rom.update(content);
      msg.begin(); // after the log calls, which used the IPC buffer
      return Err.Ok;
    }
    return Err.BadOpcode;
  }
}

/** One reader's session: the standard ROM protocol over the module its policy named. */
class ReaderSession extends RomSession {
  constructor(readonly entry: Module) { super(entry.rom); }
}

/**
 * A root that can say why it refused a session (Root turns every null from create() into
 * Err.Denied) and takes back a session the kernel could not serve.
 */
abstract class ModuleRoot extends Root {
  /** Set by create() before it returns null. */
  protected refusal: i32 = Err.Denied;
  /** Set by create() to the session it made. */
  protected made: RpcObject | null = null;

  dispatch(op: i32): i32 {
    this.refusal = Err.Denied;
    this.made = null;
    const r = super.dispatch(op);
    const made = this.made;
    this.made = null;
    // No endpoint for the session (kernel tables or quota full): undo what create() registered.
    if (op == RootOp.Session && r < 0 && made != null) this.destroy(made);
    return r == Err.Denied ? this.refusal : r;
  }
}

class ReportRoot extends ModuleRoot {
  /** What one session costs besides its buffer, which create() checks against the RAM donated: its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return 0; }
  sessionCaps(): u32 { return ReportSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const size = bufferSizeOf(request.args);
    if (size == 0) return null;
    if (request.ramQuota < size) {
      this.refusal = Err.Quota;
      return null;
    }
    const m = lookup(request.label);
    if (m.writers > 0) return null; // one writer per module at a time
    m.writers++;
    const s = new ReportSession(m, size);
    this.made = s;
    this.sessions.push(s);
    return s;
  }

  readonly sessions: Array<ReportSession> = new Array<ReportSession>();

  destroy(session: RpcObject): void {
    if (!(session instanceof ReportSession)) return;
    const i = this.sessions.indexOf(<ReportSession>session);
    if (i >= 0) this.sessions.splice(i, 1);
    const m = (<ReportSession>session).module;
    if (m.writers > 0) m.writers--;
    if (m.writers == 0 && m.rom.content.length > 0) {
      // The report's origin is gone: its content goes too, but readers are not told (Genode's
      // report_rom behaves so); they find the module empty on their next read.
      m.rom.content = new Uint8Array(0);
      m.rom.version++;
    }
    release(m);
  }
}

class RomRoot extends ModuleRoot {
  /** What one session costs (a request donating less gets Err.Quota): its endpoint, the client's capability to it, the client's change signal. */
  sessionRam(): u32 { return RomSessionQuota.Ram; }
  sessionCaps(): u32 { return SESSION_CAPS + 1; }

  create(request: SessionRequest): RpcObject | null {
    const policy = selectPolicy(config, request.label);
    const report = policy != null ? policy.attribute("report") : null;
    if (report === null) {
      warning("no valid policy for ROM request '" + request.label + "'");
      return null;
    }
    const m = lookup(report);
    m.readers++;
    const s = new ReaderSession(m);
    this.made = s;
    this.sessions.push(s);
    return s;
  }

  readonly sessions: Array<ReaderSession> = new Array<ReaderSession>();

  destroy(session: RpcObject): void {
    if (!(session instanceof ReaderSession)) return;
    const s = <ReaderSession>session;
    const i = this.sessions.indexOf(s);
    if (i >= 0) this.sessions.splice(i, 1);
    s.closed();
    if (s.entry.readers > 0) s.entry.readers--;
    release(s.entry);
  }
}

// -- start ----------------------------------------------------------------------------------

const reportRoot = new ReportRoot();
const romRoot = new RomRoot();

// -- live state -----------------------------------------------------------------------------

function save(w: StateWriter): void {
  w.connection(logger);
  w.connection(configRom);
  w.bool(changed.cap > 0);
  if (changed.cap > 0) w.handler(changed);
  w.string(configText);
  const names = modules.keys();
  w.u32(<u32>names.length);
  for (let i = 0; i < names.length; i++) {
    const m = modules.get(names[i]);
    w.string(m.name);
    w.i32(m.writers);
    w.i32(m.readers);
    m.rom.saveState(w);
  }
  w.served(reportRoot);
  w.u32(<u32>reportRoot.sessions.length);
  for (let i = 0; i < reportRoot.sessions.length; i++) {
    const s = reportRoot.sessions[i];
    w.string(s.module.name);
    w.bytes(s.buffer);
    w.served(s);
  }
  w.served(romRoot);
  w.u32(<u32>romRoot.sessions.length);
  for (let i = 0; i < romRoot.sessions.length; i++) {
    const s = romRoot.sessions[i];
    w.string(s.entry.name);
    s.saveState(w);
    w.served(s);
  }
}

/** The module a snapshot names, or null (the snapshot is then malformed: a session of a module it does not hold). */
function known(r: StateReader, name: string): Module | null {
  if (modules.has(name)) return modules.get(name);
  r.u8(); // marks the snapshot malformed: it names a module it does not hold
  return null;
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(logger);
  r.connection(configRom);
  configRom.error = Err.Ok;
  if (r.bool()) r.handler(changed);
  applyConfig(r.string());
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const m = lookup(r.string());
    m.writers = r.i32();
    m.readers = r.i32();
    m.rom.loadState(r);
  }
  r.served(reportRoot);
  const reports = r.u32();
  for (let i: u32 = 0; i < reports && !r.malformed(); i++) {
    const m = known(r, r.string());
    const buffer = r.bytes();
    if (m == null) return true;
    const s = new ReportSession(m, 0);
    s.buffer = buffer;
    r.served(s);
    reportRoot.sessions.push(s);
  }
  r.served(romRoot);
  const readers = r.u32();
  for (let i: u32 = 0; i < readers && !r.malformed(); i++) {
    const m = known(r, r.string());
    if (m == null) return true;
    const s = new ReaderSession(m);
    s.loadState(r);
    r.served(s);
    romRoot.sessions.push(s);
  }
  return true;
}

// -- start ----------------------------------------------------------------------------------

if (!liveState(1, save, load)) {
  configRom.whenReady();
  const reportError = announce(REPORT, reportRoot);
  if (reportError < 0) warning("cannot announce the Report service (error " + reportError.toString() + ")");
  const romError = announce("ROM", romRoot);
  if (romError < 0) warning("cannot announce the ROM service (error " + romError.toString() + ")");
}
