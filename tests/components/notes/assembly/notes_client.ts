// Test component: a client of the Notes service doing the steps of its config in order, each answer a log line.
//
//   <write name="N" text="T"/>   "write N: Ok" (or the Err's name); text="@4000" writes 4000 x's
//   <read name="N"/>             "read N: TEXT" or "read N: Err"
//   <list/>                      "list: a,b (written W)"
//   <flood count="C"/>           C writes of distinct notes, then C of one note: "flood: distinct Ok=..., NoSpace=...; same Ok=..."
//   <hostile/>                   malformed requests: "hostile: short-write=BadMsg ..."
//   <sleep ms="M"/>              the steps after it run M ms later (Timer)
import { Err } from "../../../../kernel/abi.ts";
import { Node } from "../../../../components/lib/config/node.ts";
import { parseConfig } from "../../../../components/lib/config/parse.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";
import { NotesConnection } from "../../../../components/notes_session/connection.ts";
import { NotesOp } from "../../../../components/notes_session/protocol.ts";
import { errName } from "../../fs/assembly/names.ts";

const parsed = parseConfig(new RomConnection("config").text()).node;
const steps: Array<Node> = parsed != null ? parsed!.children : new Array<Node>();
let next = 0;
let timer: TimerConnection | null = null;

function textOf(spec: string): string {
  return spec.startsWith("@") ? "x".repeat(<i32>parseInt(spec.substring(1), 10)) : spec;
}

class Wake extends SignalHandler {
  handle(count: u32): void { runSteps(); }
}

class Client extends NotesConnection {
  ready(): void {
    if (!this.ok) { log("no Notes session: " + errName(this.cap)); return; }
    runSteps();
  }
}

const notes = new Client();
notes.whenReady();

function runSteps(): void {
  while (next < steps.length) {
    const s = steps[next++];
    if (s.type == "write") {
      const name = s.attributeOr("name", "");
      log("write " + name + ": " + errName(notes.write(name, textOf(s.attributeOr("text", "")))));
    } else if (s.type == "read") {
      const name = s.attributeOr("name", "");
      const text = notes.read(name);
      log("read " + name + ": " + (text != null ? text : errName(notes.error)));
    } else if (s.type == "list") {
      const l = notes.list();
      log(l == null ? "list: " + errName(notes.error) : "list: " + l.names.join(",") + " (written " + l.written.toString() + ")");
    } else if (s.type == "flood") {
      flood(<i32>s.attributeU64("count", 100));
    } else if (s.type == "hostile") {
      hostile(notes.cap);
    } else if (s.type == "sleep") {
      if (timer == null) {
        const t = new TimerConnection();
        const wake = new Wake();
        register(wake);
        t.sigh(submitCap(wake));
        timer = t;
      }
      timer!.once(<u32>s.attributeU64("ms", 100) * 1000);
      return;
    }
  }
}

function flood(count: i32): void {
  let ok = 0, full = 0, other = 0, same = 0;
  for (let i = 0; i < count; i++) {
    const r = notes.write("f" + i.toString(), "flood " + i.toString());
    if (r == Err.Ok) ok++;
    else if (r == Err.NoSpace) full++;
    else other++;
  }
  for (let i = 0; i < count; i++) if (notes.write("f0", "again " + i.toString()) == Err.Ok) same++;
  log("flood: distinct Ok=" + ok.toString() + ", NoSpace=" + full.toString() + ", other=" + other.toString() + "; same Ok=" + same.toString());
}

/** A request by hand: `op`, then what `fill` puts; the answer's Err name. */
function raw(cap: i32, op: i32, words: Array<u32>, strings: Array<string>): string {
  msg.begin(op);
  for (let i = 0; i < words.length; i++) msg.putU32(words[i]);
  for (let i = 0; i < strings.length; i++) msg.putString(strings[i]);
  const r = call(cap);
  return r >= 0 ? "Ok" : errName(r);
}

function hostile(cap: i32): void {
  const out = new Array<string>();
  // A write with its name only; a length word promising more than the message holds.
  out.push("short-write=" + raw(cap, NotesOp.Write, [], ["lonely"]));
  out.push("long-length=" + raw(cap, NotesOp.Write, [4000], []));
  out.push("empty-read=" + raw(cap, NotesOp.Read, [], []));
  out.push("empty-list=" + raw(cap, NotesOp.List, [], []));
  out.push("watch-no-signal=" + raw(cap, NotesOp.Watch, [], ["today"]));
  out.push("opcode=" + raw(cap, 99, [], []));
  out.push("huge-name=" + raw(cap, NotesOp.Write, [], ["n".repeat(3000), "x"]));
  out.push("huge-text=" + raw(cap, NotesOp.Write, [], ["big", "x".repeat(3000)]));
  out.push("empty-name=" + raw(cap, NotesOp.Write, [], ["", "x"]));
  out.push("dot=" + raw(cap, NotesOp.Read, [], ["."]));
  out.push("control=" + raw(cap, NotesOp.Write, [], ["a\nb", "x"]));
  log("hostile: " + out.join(" "));
}
