// shell: Wasmode's shell component: a prompt on its Terminal session; `<config command="…"/>` runs one line and exits with its status.
import { Err } from "../kernel/abi.ts";
import { FsConnection } from "../components/fs_session/connection.ts";
import { TerminalConnection } from "../components/terminal_session/connection.ts";
import { exit } from "../components/lib/component.ts";
import { parseConfig } from "../components/lib/config/parse.ts";
import { log } from "../components/lib/log.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../components/lib/signal.ts";
import { BuilderConnection } from "../components/builder_session/connection.ts";
import { Runtime } from "./runtime.ts";
import { Shell } from "./shell.ts";
import { SRC_MOUNT, SRC_LABEL } from "./sources.ts";
import { Vfs } from "./vfs.ts";

const terminal = new TerminalConnection();
if (!terminal.ok) {
  log("no Terminal session (error " + terminal.cap.toString() + "): the shell needs one");
  exit(1);
}
// The root file system at /, the sources (when the routes grant a "src" session) at /src.
const vfs = new Vfs();
const fs = new FsConnection();
if (fs.ok) vfs.mount("/", fs);
const src = new FsConnection(SRC_LABEL);
if (src.ok) vfs.mount(SRC_MOUNT, src, "the built sources are read-only");
const runtime = new Runtime();
if (runtime.available) runtime.apply();
const shell = new Shell(terminal, vfs.ok ? vfs : null, runtime.available ? runtime : null);


/** A build's progress: the shell prints it, and at its end goes on with the line (or, scripted, exits). */
class BuildNews extends SignalHandler {
  handle(count: u32): void {
    if (!shell.buildNews()) exit(shell.cx.exitRequested ? shell.cx.exitStatus : shell.status);
  }
}
/** The builder is optional: without a route to one, `build` says so; it may come after the shell. */
class Builder extends BuilderConnection {
  ready(): void {
    if (!this.ok) return;
    const news = new BuildNews();
    shell.cx.builder = this;
    if (register(news) > 0) shell.cx.buildSignal = submitCap(news);
  }
}
new Builder().whenReady();

const config = parseConfig(new RomConnection("config").text());
const command = config.ok() ? config.node!.attributeOr("command", "") : "";

class Typed extends SignalHandler {
  handle(count: u32): void {
    const bytes = terminal.read();
    if (terminal.error < 0 && terminal.error != Err.Ok) return;
    if (bytes.length == 0) return;
    if (!shell.input(String.UTF8.decode(bytes.buffer))) exit(shell.cx.exitRequested ? shell.cx.exitStatus : 0);
  }
}

class Resized extends SignalHandler {
  handle(count: u32): void { shell.resized(); }
}

if (command.length > 0) {
  shell.cx.interactive = false;
  const status = shell.runLine(command);
  // A build the line waits for ends it later (BuildNews).
  if (!shell.busy) exit(shell.cx.exitRequested ? shell.cx.exitStatus : status);
} else {
  const typed = new Typed();
  if (register(typed) > 0) terminal.readAvailSigh(submitCap(typed));
  const resized = new Resized();
  if (register(resized) > 0) terminal.sizeChangedSigh(submitCap(resized));
  const size = terminal.size();
  if (terminal.error == Err.Ok) shell.editor.columns = <i32>size.columns;
  terminal.print("Wasmode shell: type help for the commands, ctrl-d to leave.\r\n");
  shell.loadHistory();
  shell.editor.begin();
  shell.flush();
}
