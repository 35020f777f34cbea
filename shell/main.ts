// shell: Wasmode's shell component: a prompt on its Terminal session; `<config command="…"/>` runs one line and exits with its status.
//
// A live swap carries its sessions, handlers, history, working directory and the runtime's config
// (live_state.ts): a new instance taking over makes its connections as at start, gets their sessions
// from the snapshot, and prints nothing (the screen shows the old instance's prompt).
import { Err } from "../kernel/abi.ts";
import { FsConnection } from "../components/fs_session/connection.ts";
import { TerminalConnection } from "../components/terminal_session/connection.ts";
import { exit } from "../components/lib/component.ts";
import { parseConfig } from "../components/lib/config/parse.ts";
import { liveState, StateReader, StateWriter } from "../components/lib/live_state.ts";
import { log } from "../components/lib/log.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../components/lib/signal.ts";
import { BuilderConnection } from "../components/builder_session/connection.ts";
import { loadShell, resumeShell, saveShell, SHELL_STATE_VERSION, ShellParts } from "./live_state.ts";
import { Runtime } from "./runtime.ts";
import { Shell } from "./shell.ts";
import { SRC_MOUNT, SRC_LABEL } from "./sources.ts";
import { Vfs } from "./vfs.ts";

let made: Shell | null = null;
/** The shell, made once the sessions are there (at start, or from a live swap's snapshot). */
function shell(): Shell { return made!; }

/** A build's progress or a kernel swap's end: the shell prints it, and at the end goes on with the line (or, scripted, exits). */
class BuildNews extends SignalHandler {
  handle(count: u32): void {
    if (!shell().news()) exit(shell().cx.exitRequested ? shell().cx.exitStatus : shell().status);
  }
}
const news = new BuildNews();

/** The builder is optional: without a route to one, `build` says so; it may come after the shell. */
class Builder extends BuilderConnection {
  ready(): void {
    if (!this.ok) return;
    shell().cx.builder = this;
  }
}

class Typed extends SignalHandler {
  handle(count: u32): void {
    const bytes = terminal.read();
    if (terminal.error < 0 && terminal.error != Err.Ok) return;
    if (bytes.length == 0) return;
    if (!shell().input(String.UTF8.decode(bytes.buffer))) exit(shell().cx.exitRequested ? shell().cx.exitStatus : 0);
  }
}

class Resized extends SignalHandler {
  handle(count: u32): void { shell().resized(); }
}

const terminal = new TerminalConnection();
// The root file system at /, the sources (when the routes grant a "src" session) at /src.
const fs = new FsConnection();
const src = new FsConnection(SRC_LABEL);
const runtime = new Runtime();
const builder = new Builder();
const typed = new Typed();
const resized = new Resized();
const parts = new ShellParts([terminal, fs, src, runtime.report, runtime.stateRom, builder], [news, typed, resized], runtime);

function save(w: StateWriter): void { saveShell(w, parts, shell()); }
function load(r: StateReader, version: u32): bool { return loadShell(r, parts, version); }

const takingOver = liveState(SHELL_STATE_VERSION, save, load);
if (!takingOver && !terminal.ok) {
  log("no Terminal session (error " + terminal.cap.toString() + "): the shell needs one");
  exit(1);
}
const vfs = new Vfs();
if (fs.ok) vfs.mount("/", fs);
if (src.ok) vfs.mount(SRC_MOUNT, src, "the built sources are read-only");
if (!takingOver && runtime.available) runtime.apply();
made = new Shell(terminal, vfs.ok ? vfs : null, runtime.available ? runtime : null);

if (takingOver) {
  resumeShell(shell());
  if (builder.ok) shell().cx.builder = builder;
} else {
  // Builds and kernel swaps tell their news by this signal.
  if (register(news) > 0) shell().cx.buildSignal = submitCap(news);
  builder.whenReady();
  const config = parseConfig(new RomConnection("config").text());
  const command = config.ok() ? config.node!.attributeOr("command", "") : "";
  if (command.length > 0) {
    shell().cx.interactive = false;
    const status = shell().runLine(command);
    // A build the line waits for ends it later (BuildNews).
    if (!shell().busy) exit(shell().cx.exitRequested ? shell().cx.exitStatus : status);
  } else {
    if (register(typed) > 0) terminal.readAvailSigh(submitCap(typed));
    if (register(resized) > 0) terminal.sizeChangedSigh(submitCap(resized));
    const size = terminal.size();
    if (terminal.error == Err.Ok) shell().editor.columns = <i32>size.columns;
    terminal.print("Wasmode shell: type help for the commands, ctrl-d to leave.\r\n");
    // The runtime's changes come as news too: they change what the page's "+" may offer.
    if (runtime.available && shell().cx.buildSignal > 0) runtime.stateRom.sigh(shell().cx.buildSignal);
    shell().reportPackages();
    shell().loadHistory();
    shell().editor.begin();
    shell().flush();
  }
}
