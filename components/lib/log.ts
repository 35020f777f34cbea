// LOG sessions: `log("text")` writes a line that appears behind the component's label.
import { EnvSession, Err } from "../../kernel/abi.ts";
import { LogOp, LogSessionQuota } from "../log_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

export class LogConnection extends Connection {
  /** Lines written while the session was pending: they go out, in order, once it is there. */
  private held: Array<string> = new Array<string>();

  /**
   * A LOG session of its own with `label`, or (envLog, or no label) the one its parent opened for
   * its environment. A session of its own asked for with the empty label would reach core as
   * "init -> C -> " (Genode's prefixed_label keeps the separator): a component's plain log is its
   * environment's, labelled with its name alone, as Genode's log() is.
   */
  constructor(label: string = "", envLog: bool = false) {
    super("LOG", label, envLog || label.length == 0 ? 0 : LogSessionQuota.Ram, envLog || label.length == 0 ? 0 : LogSessionQuota.Caps, "",
      envLog || label.length == 0 ? EnvSession.Log : 0);
    this.whenReady();
  }

  write(text: string): i32 {
    if (this.pending) {
      this.held.push(text);
      return Err.Pending;
    }
    if (!this.ok) return this.cap;
    msg.begin(LogOp.Write);
    msg.putString(text);
    return call(this.cap);
  }

  ready(): void {
    const lines = this.held;
    this.held = new Array<string>();
    for (let i = 0; i < lines.length; i++) this.write(lines[i]);
  }
}

let defaultLog: LogConnection | null = null;

/** Writes one line to the component's LOG session, opened on first use. */
export function log(text: string): void {
  let l = defaultLog;
  if (l == null) {
    l = new LogConnection("", true);
    defaultLog = l;
  }
  l.write(text);
}

/** The capability of the component's LOG session, or 0 before its first line: a live swap carries it. */
export function defaultLogCap(): i32 {
  const l = defaultLog;
  return l != null && l.ok ? l.cap : 0;
}

/** Takes over the LOG session of the instance this one replaces (live_state.ts). */
export function reinstateDefaultLog(cap: i32): void {
  let l = defaultLog;
  if (l == null) {
    l = new LogConnection("", true);
    defaultLog = l;
  }
  l.cap = cap;
}

/** A warning as Genode frames it: blue `Warning: ` before, the colour reset after. */
export function warningLine(text: string): string { return "\x1b[34mWarning: " + text + "\x1b[0m"; }

/** An error as Genode frames it: red `Error: ` before, the colour reset after. */
export function errorLine(text: string): string { return "\x1b[31mError: " + text + "\x1b[0m"; }

/** Logs a warning through the component's LOG session. */
export function warning(text: string): void { log(warningLine(text)); }
