// The driver's `state` ROM: init's state report as report_rom serves it, re-read whenever it changes.
import { Err } from "../../kernel/abi.ts";
import { Node, parseConfig } from "../lib/config/parse.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";

/** Who is told that the report changed: the step machine. */
export abstract class StateSink {
  abstract changed(): void;
}

let sink: StateSink | null = null;

class Changed extends SignalHandler {
  handle(count: u32): void {
    const s = sink;
    if (s != null) s.changed();
  }
}

class StateRom extends RomConnection {
  /** The session is there (report_rom may announce after the driver started): ask for changes. */
  ready(): void {
    if (!this.ok) return;
    this.error = Err.Ok;
    const h = new Changed();
    if (register(h) > 0) this.sigh(submitCap(h));
    const s = sink;
    if (s != null) s.changed();
  }
}

let rom: StateRom | null = null;

export function openState(s: StateSink): void {
  sink = s;
  const r = new StateRom("state");
  rom = r;
  r.whenReady();
}

/** The latest report, or null with `why` telling what is missing. */
export class StateRead {
  node: Node | null = null;
  why: string = "";
  /** The report as read (for `echo_log`: a failed expectation shows what it was compared with). */
  text: string = "";
}

export function readState(): StateRead {
  const out = new StateRead();
  const r = rom;
  if (r == null || r.pending) {
    out.why = "the state ROM is not there yet";
    return out;
  }
  if (!r.ok) {
    out.why = "the state ROM was denied (error " + r.cap.toString() + ")";
    return out;
  }
  const text = r.text();
  out.text = text;
  if (r.error < 0) {
    out.why = "the state ROM cannot be read (error " + r.error.toString() + ")";
    return out;
  }
  if (text.trim().length == 0) {
    out.why = "no state report (the ROM is empty)";
    return out;
  }
  const parsed = parseConfig(text);
  if (!parsed.ok()) {
    out.why = "state report: " + parsed.describe("state");
    return out;
  }
  const n = parsed.node!;
  if (n.type != "state") {
    out.why = "the report is <" + n.type + ">, not <state>";
    return out;
  }
  out.node = n;
  return out;
}
