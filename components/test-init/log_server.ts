// The driver's LOG service: the sub-init and its children write here; each line goes to the step machine as `[label] text`.
//
// The runtime routes every LOG session of the init under test to the driver (SEMANTICS R2), so
// the label is the one the driver's parent presents: `init` for init itself, `init -> child`
// for a child whose LOG init sends to its own parent. Lines are framed as Genode's log back end
// frames them and unframed as the driver strips them (§12 LG1): one trailing ESC[0m and the line
// break go, a warning's leading ESC[34m stays.
import { LogSessionQuota } from "../log_session/protocol.ts";
import { LogSessionObject, LogSink } from "../lib/log_server.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";

/** Who hears each line: the step machine. */
export abstract class LineSink {
  abstract line(text: string): void;
}

let sink: LineSink | null = null;

/** Longest text a single write may carry into the machine; longer lines are cut (never trapped on). */
const MAX_LINE: i32 = 4096;

const RESET = "\x1b[0m";

/** Hands `text`, written by a session labelled `label`, to the sink line by line. */
export function deliver(label: string, text: string): void {
  const s = sink;
  if (s == null) return;
  let t = text.length > MAX_LINE ? text.substring(0, MAX_LINE) : text;
  if (t.endsWith("\n")) t = t.substring(0, t.length - 1);
  const lines = t.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith(RESET)) line = line.substring(0, line.length - RESET.length);
    s.line("[" + label + "] " + line);
  }
}

/** Each write goes to the step machine, line by line. */
class Deliver extends LogSink {
  write(label: string, text: string): void { deliver(label, text); }
}

const toMachine = new Deliver();

class LogRoot extends Root {
  /** What one session costs: its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return LogSessionQuota.Ram; }
  sessionCaps(): u32 { return LogSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    return new LogSessionObject(request.label, toMachine);
  }
}

/** Announces the LOG service; lines go to `s`. Returns an Err (< 0) when the announcement failed. */
export function serveLog(s: LineSink): i32 {
  sink = s;
  return announce("LOG", new LogRoot());
}
