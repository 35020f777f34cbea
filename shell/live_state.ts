// The shell's live-state hooks: a live swap carries its sessions, signal handlers, history, working directory and the runtime's config.
//
// A new instance taking over makes its connections as at start (their syscalls fail while it takes
// over); `load` gives each the session the old instance held. What the Shell object holds
// (history, working directory, status) is kept aside here and given to the Shell main makes after.
import { Connection } from "../components/lib/connection.ts";
import { parseConfig } from "../components/lib/config/parse.ts";
import { StateReader, StateWriter } from "../components/lib/state_codec.ts";
import { SignalHandler } from "../components/lib/signal.ts";
import { UpdateConnection } from "../components/update_session/connection.ts";
import { ReportConnection } from "../components/report_session/connection.ts";
import { PACKAGES_BUFFER } from "./package_report.ts";
import { Runtime } from "./runtime.ts";
import { Shell } from "./shell.ts";
import { SourceLayers } from "./sources.ts";

/** What the shell's main holds: its sessions (a pending or refused one included) and its signal handlers. */
export class ShellParts {
  constructor(readonly connections: Array<Connection>, readonly handlers: Array<SignalHandler>, readonly runtime: Runtime) {}
}

/** The Shell's own state as the snapshot carried it, until main has made the Shell. */
class Carried {
  history: Array<string> = new Array<string>();
  cwd: string = "/";
  status: i32 = 0;
  buildSignal: i32 = 0;
  interactive: bool = true;
  columns: i32 = 0;
  /** Sessions the old instance opened on first use (Update; the sources' layers): version 2 on. */
  update: UpdateConnection | null = null;
  layers: SourceLayers | null = null;
  packages: ReportConnection | null = null;
}

/** The version of the shell's snapshot: 2 carries the sessions opened on first use too, 3 the packages report's. */
export const SHELL_STATE_VERSION: u32 = 3;

let carried: Carried | null = null;

export function saveShell(w: StateWriter, parts: ShellParts, shell: Shell): void {
  for (let i = 0; i < parts.connections.length; i++) w.connection(parts.connections[i]);
  for (let i = 0; i < parts.handlers.length; i++) {
    const h = parts.handlers[i];
    w.bool(h.cap > 0);
    if (h.cap > 0) w.handler(h);
  }
  w.string(parts.runtime.tree.toXml());
  w.strings(shell.editor.history);
  w.string(shell.cx.cwd);
  w.i32(shell.status);
  w.i32(shell.cx.buildSignal);
  w.bool(shell.cx.interactive);
  w.i32(shell.editor.columns);
  const update = shell.cx.updateOpened, layers = shell.cx.sourcesOpened;
  w.bool(update != null);
  if (update != null) w.connection(update);
  w.bool(layers != null);
  if (layers != null) {
    w.connection(layers.base);
    w.connection(layers.changes);
  }
  const packages = shell.cx.packageReport.opened;
  w.bool(packages != null);
  if (packages != null) w.connection(packages);
}

/** Reads a snapshot of `version` 1 to 3 (SHELL_STATE_VERSION); false for one it does not know. */
export function loadShell(r: StateReader, parts: ShellParts, version: u32): bool {
  if (version < 1 || version > SHELL_STATE_VERSION) return false;
  for (let i = 0; i < parts.connections.length; i++) r.connection(parts.connections[i]);
  for (let i = 0; i < parts.handlers.length; i++) if (r.bool()) r.handler(parts.handlers[i]);
  const tree = parseConfig(r.string());
  if (tree.ok()) parts.runtime.tree = tree.node!;
  else r.u8(); // a runtime config that does not parse: the snapshot is malformed
  const c = new Carried();
  c.history = r.strings();
  c.cwd = r.string();
  c.status = r.i32();
  c.buildSignal = r.i32();
  c.interactive = r.bool();
  c.columns = r.i32();
  // Made while the swap runs sealed, these ask for nothing: each gets the old instance's session.
  if (version >= 2 && r.bool()) {
    const u = new UpdateConnection();
    r.connection(u);
    c.update = u;
  }
  if (version >= 2 && r.bool()) {
    const layers = new SourceLayers();
    r.connection(layers.base);
    r.connection(layers.changes);
    c.layers = layers;
  }
  if (version >= 3 && r.bool()) {
    const p = new ReportConnection("packages", PACKAGES_BUFFER);
    r.connection(p);
    c.packages = p;
  }
  carried = c;
  return true;
}

/** Gives the Shell main made what the snapshot carried (after loadShell). */
export function resumeShell(shell: Shell): void {
  const c = carried;
  if (c == null) return;
  shell.editor.history = c.history;
  shell.cx.cwd = c.cwd;
  shell.status = c.status;
  shell.cx.buildSignal = c.buildSignal;
  shell.cx.interactive = c.interactive;
  shell.editor.columns = c.columns;
  shell.cx.adopt(c.update, c.layers);
  shell.cx.packageReport.adopt(c.packages);
  shell.editor.prompt = "\x1b[1m" + c.cwd + "\x1b[0m $ ";
  // A fresh line at the end of the history; the prompt it draws is on the screen already (the old instance's).
  shell.editor.begin();
  shell.editor.takeOutput();
  carried = null;
}
