// Test component: carries out its config's File_system steps through one session, logging each result.
//
// <config [label="/"] [root="/"] [writeable="yes"]> opens the session (FsConnection's arguments);
// the steps, in order (a step that waits lets the component return; it goes on when signalled):
//   <write path="P" text="T" [offset="N"]/>   replaces P by T (created), or writes T at N (no create);
//                                            T may be a sub node instead, written as XML
//   <read path="P"/>  <stat path="P"/>  <list path="P"/>  <mkdir path="P"/>  <unlink path="P"/>
//   <rename from="A" to="B"/>  <truncate path="P" size="N"/>
//   <big path="P" size="N"/>          writes N bytes of a pattern and reads them back (chunking)
//   <fill path="P" size="N"/>         writes up to N bytes, 64 KiB a write, without holding them: the bytes written, and the error that stopped it
//   <watch path="P"/> <unwatch path="P"/> <wait path="P" changes="N"/>   watches and their signals
//   <rom label="L"/> <wait-rom label="L" content="T"/>   a ROM session: read, and waited for
//   <forge file="F"/>                 malformed and forbidden requests; F an existing file
//   <sleep ms="N"/>  <log string="S"/>  <exit [value="V"]/>
// Each result is logged as `<step> <path>: <result>`, errors by their Err name.
import { Err } from "../../../../kernel/abi.ts";
import { FsKind, FsOpen } from "../../../../components/fs_session/protocol.ts";
import { exit } from "../../../../components/lib/component.ts";
import { Node, parseConfig } from "../../../../components/lib/config/parse.ts";
import { log } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { forge } from "./forge.ts";
import { errName, show } from "./names.ts";

const parsed = parseConfig(new RomConnection("config").text());
const config: Node = parsed.ok() ? parsed.node! : new Node("config");
if (!parsed.ok()) log("config: " + parsed.describe("config"));
const steps = config.children;

class Fs extends FsConnection {
  ready(): void {
    if (!this.ok) {
      log("no File_system session: " + errName(this.cap));
      exit(1);
      return;
    }
    run();
  }
}

const fs = new Fs(config.attributeOr("label", "/"), config.attributeOr("root", "/"), config.attributeBool("writeable", true));

class Watcher extends SignalHandler {
  changes: u32 = 0;
  id: i32 = 0;
  constructor(readonly path: string) { super(); }
  handle(count: u32): void {
    this.changes += count;
    run();
  }
}

class RomReader extends SignalHandler {
  rom: RomConnection;
  constructor(readonly label: string) {
    super();
    this.rom = new RomConnection(label);
  }
  handle(count: u32): void {
    log("rom " + this.label + " changed: " + show(this.rom.bytes()));
    run();
  }
}

class Alarm extends SignalHandler {
  handle(count: u32): void { sleeping = false; run(); }
}

const watchers = new Map<string, Watcher>();
const roms = new Map<string, RomReader>();
let timer: TimerConnection | null = null;
let sleeping = false;
let next = 0;

function result(r: i32): string { return r < 0 ? errName(r) : r == 0 ? "ok" : r.toString(); }

function run(): void {
  if (fs.pending || sleeping) return;
  while (next < steps.length) {
    if (!perform(steps[next])) return;
    next++;
  }
}

/** Carries out one step; false while it waits. */
function perform(s: Node): bool {
  const path = s.attributeOr("path", "");
  const what = s.type + " " + path + ": ";
  if (s.type == "write") {
    // The text, or the one sub node as XML (a config, say).
    const text = s.children.length > 0 ? s.children[0].toXml() : s.attributeOr("text", "");
    if (!s.has("offset")) {
      log(what + result(fs.writeText(path, text)));
      return true;
    }
    const h = fs.open(path, FsOpen.Write);
    if (h < 0) { log(what + result(h)); return true; }
    log(what + result(fs.write(h, s.attributeU64("offset", 0), Uint8Array.wrap(String.UTF8.encode(text)))));
    fs.closeHandle(h);
  } else if (s.type == "read") {
    const b = fs.readFile(path);
    log(what + (b != null ? show(b) : errName(fs.error)));
  } else if (s.type == "stat") {
    const st = fs.stat(path);
    log(what + (st != null ? (st.kind == FsKind.Dir ? "dir " : "file ") + st.size.toString() : errName(fs.error)));
  } else if (s.type == "list") {
    const all = fs.list(path);
    const names = new Array<string>();
    for (let i = 0; i < all.length; i++) names.push(all[i].name + (all[i].kind == FsKind.Dir ? "/" : ""));
    log(what + (fs.error < 0 ? errName(fs.error) : names.length == 0 ? "(none)" : names.join(" ")));
  } else if (s.type == "mkdir") {
    log(what + result(fs.mkdir(path)));
  } else if (s.type == "unlink") {
    log(what + result(fs.unlink(path)));
  } else if (s.type == "rename") {
    log("rename " + s.attributeOr("from", "") + " " + s.attributeOr("to", "") + ": " + result(fs.rename(s.attributeOr("from", ""), s.attributeOr("to", ""))));
  } else if (s.type == "truncate") {
    const h = fs.open(path, FsOpen.Write);
    log(what + result(h < 0 ? h : fs.truncate(h, s.attributeU64("size", 0))));
    if (h > 0) fs.closeHandle(h);
  } else if (s.type == "big") {
    big(path, <u32>s.attributeU64("size", 0));
  } else if (s.type == "fill") {
    fill(path, s.attributeU64("size", 0));
  } else if (s.type == "watch") {
    const w = new Watcher(path);
    register(w);
    w.id = fs.watch(path, submitCap(w));
    if (w.id > 0) watchers.set(path, w);
    log(what + (w.id > 0 ? "ok" : errName(w.id)));
  } else if (s.type == "unwatch") {
    log(what + result(watchers.has(path) ? fs.unwatch(watchers.get(path).id) : Err.Invalid));
  } else if (s.type == "wait") {
    return watchers.has(path) && watchers.get(path).changes >= <u32>s.attributeU64("changes", 1);
  } else if (s.type == "rom" || s.type == "wait-rom") {
    return rom(s);
  } else if (s.type == "forge") {
    log("forged: " + forge(fs, s.attributeOr("file", "")));
  } else if (s.type == "sleep") {
    return sleep(s);
  } else if (s.type == "log") {
    log(s.attributeOr("string", ""));
  } else if (s.type == "exit") {
    exit(<i32>s.attributeI64("value", 0));
    return false;
  } else {
    log("unknown step <" + s.type + ">");
  }
  return true;
}

function big(path: string, size: u32): void {
  const data = new Uint8Array(size);
  for (let i: u32 = 0; i < size; i++) data[i] = <u8>(i * 7 + (i >> 8));
  const w = fs.writeFile(path, data);
  if (w < 0) { log("big " + path + ": " + errName(w)); return; }
  const back = fs.readFile(path);
  let same = back != null && back.length == data.length;
  for (let i = 0; same && i < data.length; i++) same = back![i] == data[i];
  log("big " + path + ": " + w.toString() + " bytes, " + (same ? "read back the same" : "read back different"));
}

function fill(path: string, size: u64): void {
  const chunk = new Uint8Array(64 * 1024);
  chunk.fill(0x61);
  const h = fs.open(path, FsOpen.Write | FsOpen.Create);
  if (h < 0) { log("fill " + path + ": " + errName(h)); return; }
  let done: u64 = 0, r: i32 = 0;
  while (done < size && r >= 0) {
    r = fs.write(h, done, chunk.subarray(0, <i32>min<u64>(<u64>chunk.length, size - done)));
    if (r > 0) done += <u64>r;
  }
  const c = fs.closeHandle(h);
  log("fill " + path + ": " + done.toString() + " bytes" + (r < 0 ? ", " + errName(r) : "") + (c < 0 ? ", close " + errName(c) : ""));
}

function rom(s: Node): bool {
  const label = s.attributeOr("label", "");
  if (!roms.has(label)) {
    const r = new RomReader(label);
    roms.set(label, r);
    if (!r.rom.ok) { log("rom " + label + ": " + errName(r.rom.cap)); return true; }
    register(r);
    r.rom.sigh(submitCap(r));
  }
  const r = roms.get(label);
  if (!r.rom.ok) return true;
  const now = r.rom.bytes();
  if (s.type == "rom") {
    log("rom " + label + ": " + show(now));
    return true;
  }
  return String.UTF8.decode(now.buffer) == s.attributeOr("content", "");
}

function sleep(s: Node): bool {
  if (sleeping) return false;
  if (timer == null) {
    const t = new TimerConnection();
    timer = t;
    const a = new Alarm();
    register(a);
    t.sigh(submitCap(a));
  }
  sleeping = true;
  next++; // the step is done once the alarm fires: run() goes on with the next
  timer!.once(<u32>s.attributeU64("ms", 1) * 1000);
  return false;
}


fs.whenReady();
