// The shell's commands: each with its one line of help, run with its words and an Output; returns the exit status.
import { FsKind } from "../components/fs_session/protocol.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { absolute } from "./paths.ts";
import { Runtime } from "./runtime.ts";
import { RuntimeWait, awaitRuntime } from "./runtime_wait.ts";
import { PackageReport } from "./package_report.ts";
import { TimerConnection } from "../components/lib/timer.ts";
import { config, graph, ps, restart, route, start, stop } from "./runtime_commands.ts";
import { log } from "./log_command.ts";
import { BuilderConnection } from "../components/builder_session/connection.ts";
import { build, newComponent, verify } from "./build_commands.ts";
import { diff, reset } from "./source_commands.ts";
import { notes } from "./notes_command.ts";
import { NotesConnection } from "../components/notes_session/connection.ts";
import { reboot, swap } from "./swap_commands.ts";
import { disasm } from "./disasm_command.ts";
import { sbom } from "./sbom_command.ts";
import { UpdateConnection } from "../components/update_session/connection.ts";
import { TrustConnection } from "../components/trust_session/connection.ts";
import { trust, TRUST_USAGE } from "./trust_command.ts";
import { SourceLayers } from "./sources.ts";
import { Vfs } from "./vfs.ts";
import { pkgs, PendingStart } from "./package_commands.ts";

/** What a command can reach: the file systems (null when the shell's routes grant none) and the working directory. */
export class Context {
  cwd: string = "/";
  /** Set by `exit`: the shell ends with this status after the command. */
  exitRequested: bool = false;
  exitStatus: i32 = 0;
  /** Set by `edit`: the file the shell opens in its editor once the line has run. */
  editRequest: string = "";
  /** Set by `config edit`: the runtime's config is opened in the editor instead. */
  editRuntime: bool = false;
  /** Set by `log -f`: the shell follows the log (of followName's components) until ctrl-c once the line has run. */
  followLog: bool = false;
  followName: string = "";
  /** False in the scripted mode (-c): nobody is there to type into an editor. */
  interactive: bool = true;
  /** The Builder session (null when the routes grant none), and the signal a build's progress comes by. */
  builder: BuilderConnection | null = null;
  buildSignal: i32 = 0;
  /** Set by `build` and `verify`: the shell follows the build, and runs the rest of the line once it ended. */
  waitBuild: bool = false;
  buildMode: u32 = 0;
  /** The shell's Notes session (notes), opened on first use; null until then. */
  notes: NotesConnection | null = null;
  /** Set by `build --swap`: the modules the build swaps in once it ended well, and their probation. */
  swapAfterBuild: Array<string> = new Array<string>();
  /** The modules the running build or verify was asked for (empty: all): what verify reports. */
  buildNames: Array<string> = new Array<string>();
  /** Set by `swap kernel`: the shell waits for the kernel's takeover (its news comes by buildSignal), then runs the rest of the line. */
  waitKernel: bool = false;
  /** Set by `trust add|remove`: the shell waits for the answer at core's question (its news comes by buildSignal). */
  waitTrust: bool = false;
  /** Set by `disasm`: the shell prints core's text as it comes (by buildSignal), from disasmOffset, then runs the rest of the line. */
  waitDisasm: bool = false;
  disasmOffset: u32 = 0;
  /** Set by `start` of a package whose requirement has several providers: the shell asks the person at the terminal. */
  pendingStart: PendingStart | null = null;
  /** The Update session (swap, reboot), opened on first use. */
  private updater: UpdateConnection | null = null;
  private truster: TrustConnection | null = null;

  /** The "packages" report for the page's "+" (package_report.ts). */
  readonly packageReport: PackageReport = new PackageReport();
  /** Set by start, stop and restart: what the shell waits to see in the runtime's state report. */
  runtimeWait: RuntimeWait | null = null;
  private ticker: TimerConnection | null = null;
  /**
   * Writes the runtime's config, then has the shell wait (and the rest of the line with it) until
   * the runtime's state report shows `w` (runtime_wait.ts).
   */
  applyAndWait(r: Runtime, w: RuntimeWait, out: Output): i32 {
    const e = r.apply();
    if (e < 0) return fail(out, w.command, describeErr(e));
    if (this.buildSignal > 0 && awaitRuntime(r, this.timer(), this.buildSignal, w)) this.runtimeWait = w;
    return 0;
  }

  /** A Timer session for the shell's timeouts, opened on first use (its `ok` says when the routes grant none). */
  timer(): TimerConnection {
    if (this.ticker == null) this.ticker = new TimerConnection();
    return this.ticker!;
  }

  /** The Trust session (trust), opened on first use (its `cap` says when the routes grant none). */
  trust(): TrustConnection {
    if (this.truster == null) this.truster = new TrustConnection();
    return this.truster!;
  }
  /** The layers of /src apart (diff, reset), opened on first use; null until then. */
  private layers: SourceLayers | null = null;
  /** `runtime` null: no runtime to control (ps, start, … say so). */
  constructor(readonly fs: Vfs | null, readonly runtime: Runtime | null = null) {}

  /** The Update session, opened on first use (its `cap` says when the routes grant none). */
  update(): UpdateConnection {
    if (this.updater == null) this.updater = new UpdateConnection();
    return this.updater!;
  }

  /** The sessions opened on first use, null while not: a live swap of the shell carries them (live_state.ts). */
  get updateOpened(): UpdateConnection | null { return this.updater; }
  get sourcesOpened(): SourceLayers | null { return this.layers; }

  /** A live swap hands the new instance the sessions the old one had opened on first use. */
  adopt(update: UpdateConnection | null, layers: SourceLayers | null): void {
    this.updater = update;
    this.layers = layers;
  }

  /** The Update session when the routes grant one, else null: for what only adds to another command's output (ps). */
  updateIfRouted(): UpdateConnection | null {
    const u = this.update();
    return u.ok ? u : null;
  }

  /** The base and the changes of /src as sessions of their own, opened on first use. */
  sources(): SourceLayers {
    if (this.layers == null) this.layers = new SourceLayers();
    return this.layers!;
  }
}

type Run = (cx: Context, argv: Array<string>, out: Output) => i32;

export class CommandInfo {
  constructor(readonly name: string, readonly usage: string, readonly help: string, readonly run: Run) {}
}

export function fail(out: Output, name: string, what: string): i32 {
  out.line(name + ": " + what);
  return 1;
}

function needFs(cx: Context, out: Output, name: string): Vfs | null {
  const fs = cx.fs;
  if (fs == null || !fs.ok) fail(out, name, "no file system (the shell's routes grant no File_system session)");
  return fs;
}

function help(cx: Context, argv: Array<string>, out: Output): i32 {
  const all = commands();
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    out.line((c.usage.length < 24 ? c.usage + " ".repeat(24 - c.usage.length) : c.usage + " ") + c.help);
  }
  return 0;
}

function echo(cx: Context, argv: Array<string>, out: Output): i32 {
  out.line(argv.slice(1).join(" "));
  return 0;
}

function succeed(cx: Context, argv: Array<string>, out: Output): i32 { return 0; }
function failStatus(cx: Context, argv: Array<string>, out: Output): i32 { return 1; }

function clear(cx: Context, argv: Array<string>, out: Output): i32 {
  out.write("\x1b[H\x1b[2J");
  return 0;
}

function exitCommand(cx: Context, argv: Array<string>, out: Output): i32 {
  const status = argv.length > 1 ? parseInt(argv[1], 10) : 0;
  cx.exitRequested = true;
  cx.exitStatus = isNaN(status) ? 1 : <i32>status;
  return cx.exitStatus;
}

function edit(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "edit");
  if (fs == null) return 1;
  if (argv.length != 2) return fail(out, "edit", "edit FILE");
  if (!cx.interactive) return fail(out, "edit", "needs a person at the terminal (not with -c)");
  const path = absolute(cx.cwd, argv[1]);
  const s = fs.stat(path);
  if (s != null && s.kind == FsKind.Dir) return fail(out, "edit", argv[1] + ": is a directory");
  cx.editRequest = path;
  return 0;
}

function pwd(cx: Context, argv: Array<string>, out: Output): i32 {
  out.line(cx.cwd);
  return 0;
}

function cd(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "cd");
  if (fs == null) return 1;
  const path = absolute(cx.cwd, argv.length > 1 ? argv[1] : "/");
  const s = fs.stat(path);
  if (s == null) return fail(out, "cd", argv[1] + ": " + describeErr(fs.error));
  if (s.kind != FsKind.Dir) return fail(out, "cd", argv[1] + ": not a directory");
  cx.cwd = path;
  return 0;
}

function ls(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "ls");
  if (fs == null) return 1;
  // -a shows the names that begin with a dot (the shell's .history, say), as Unix's ls does.
  const all = argv.length > 1 && argv[1] == "-a";
  const targets = argv.length > (all ? 2 : 1) ? argv.slice(all ? 2 : 1) : [cx.cwd];
  let status = 0;
  for (let i = 0; i < targets.length; i++) {
    const path = absolute(cx.cwd, targets[i]);
    const s = fs.stat(path);
    if (s == null) { status = fail(out, "ls", targets[i] + ": " + describeErr(fs.error)); continue; }
    if (targets.length > 1) out.line(targets[i] + ":");
    if (s.kind == FsKind.File) { out.line(targets[i]); continue; }
    const entries = fs.list(path);
    if (fs.error < 0) { status = fail(out, "ls", targets[i] + ": " + describeErr(fs.error)); continue; }
    for (let j = 0; j < entries.length; j++) {
      if (!all && entries[j].name.startsWith(".")) continue;
      out.line(entries[j].name + (entries[j].kind == FsKind.Dir ? "/" : ""));
    }
  }
  return status;
}

function cat(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "cat");
  if (fs == null) return 1;
  if (argv.length < 2) return fail(out, "cat", "which file? (cat FILE...)");
  let status = 0;
  for (let i = 1; i < argv.length; i++) {
    const bytes = fs.readFile(absolute(cx.cwd, argv[i]));
    if (bytes == null) { status = fail(out, "cat", argv[i] + ": " + describeErr(fs.error)); continue; }
    out.write(String.UTF8.decode(bytes.buffer));
  }
  return status;
}

type PathOp = (fs: Vfs, path: string) => i32;

function makeDir(fs: Vfs, path: string): i32 { return fs.mkdir(path); }
function remove(fs: Vfs, path: string): i32 { return fs.unlink(path); }

/** Applies `op` to each path argument; the status is 1 when any failed (each failure is a line). */
function eachPath(cx: Context, argv: Array<string>, out: Output, name: string, usage: string, op: PathOp): i32 {
  const fs = needFs(cx, out, name);
  if (fs == null) return 1;
  if (argv.length < 2) return fail(out, name, usage);
  let status = 0;
  for (let i = 1; i < argv.length; i++) {
    const path = absolute(cx.cwd, argv[i]);
    const r = op(fs, path);
    if (r < 0) status = fail(out, name, argv[i] + ": " + fs.describe(path, r));
  }
  return status;
}

function mkdir(cx: Context, argv: Array<string>, out: Output): i32 {
  return eachPath(cx, argv, out, "mkdir", "which directory? (mkdir DIR...)", makeDir);
}

function rm(cx: Context, argv: Array<string>, out: Output): i32 {
  return eachPath(cx, argv, out, "rm", "which file? (rm PATH...)", remove);
}

function mv(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "mv");
  if (fs == null) return 1;
  if (argv.length != 3) return fail(out, "mv", "mv FROM TO");
  const from = absolute(cx.cwd, argv[1]), to = absolute(cx.cwd, argv[2]);
  if (fs.acrossMounts(from, to)) return fail(out, "mv", argv[1] + ": cannot move to another file system (cp, then rm)");
  const r = fs.rename(from, to);
  return r < 0 ? fail(out, "mv", argv[1] + ": " + fs.describe(from, r)) : 0;
}

function cp(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = needFs(cx, out, "cp");
  if (fs == null) return 1;
  if (argv.length != 3) return fail(out, "cp", "cp FROM TO");
  const bytes = fs.readFile(absolute(cx.cwd, argv[1]));
  if (bytes == null) return fail(out, "cp", argv[1] + ": " + describeErr(fs.error));
  const r = fs.writeFile(absolute(cx.cwd, argv[2]), bytes);
  return r < 0 ? fail(out, "cp", argv[2] + ": " + describeErr(r)) : 0;
}

let table: Array<CommandInfo> | null = null;

/** Every command, in the order help lists them. */
export function commands(): Array<CommandInfo> {
  if (table == null) table = [
    new CommandInfo("help", "help", "list the commands", help),
    new CommandInfo("echo", "echo WORDS", "print the words (> FILE and >> FILE write to a file)", echo),
    new CommandInfo("ls", "ls [-a] [PATH...]", "list a directory (-a: names with a dot too)", ls),
    new CommandInfo("cat", "cat FILE...", "print files", cat),
    new CommandInfo("edit", "edit FILE", "edit a file full screen (^S save, ^X exit)", edit),
    new CommandInfo("cd", "cd [DIR]", "change the working directory", cd),
    new CommandInfo("pwd", "pwd", "print the working directory", pwd),
    new CommandInfo("mkdir", "mkdir DIR...", "make directories", mkdir),
    new CommandInfo("rm", "rm PATH...", "remove files or empty directories", rm),
    new CommandInfo("mv", "mv FROM TO", "move or rename", mv),
    new CommandInfo("cp", "cp FROM TO", "copy a file", cp),
    new CommandInfo("diff", "diff [PATH]", "what was changed in /src against the sources the image was built from", diff),
    new CommandInfo("reset", "reset PATH...", "drop the changes to files under /src: the built sources show again", reset),
    new CommandInfo("ps", "ps [-a]", "the runtime's components, with RAM and caps (-a: the whole system)", ps),
    new CommandInfo("graph", "graph [-a]", "the runtime's component tree, with RAM and caps (-a: the whole system)", graph),
    new CommandInfo("pkgs", "pkgs", "the packages start knows: summary, what each requires and provides", pkgs),
    new CommandInfo("start", "start NAME [--route S=child:C|parent]", "start a package in the runtime, its requirements routed (or: start NAME BINARY [RAM] [CAPS] [--provides SERVICE])", start),
    new CommandInfo("stop", "stop NAME", "stop a component of the runtime", stop),
    new CommandInfo("restart", "restart NAME", "restart a component of the runtime", restart),
    new CommandInfo("config", "config [edit]", "show the runtime's init config, or edit it (saving applies it)", config),
    new CommandInfo("log", "log [-f] [NAME] [LINES]", "the recent log, or a component's (-f: follow it, ctrl-c stops)", log),
    new CommandInfo("route", "route NAME SERVICE [LABEL]", "explain where a runtime component's session goes", route),
    new CommandInfo("build", "build [--dev] [--swap] [NAME...]", "build modules from /src into /build (none: what changed; --dev: fast, unoptimized; --swap: swap them in)", build),
    new CommandInfo("verify", "verify [NAME...]", "rebuild from the read-only sources and compare with the boot image", verify),
    new CommandInfo("sbom", "sbom", "summarize the boot image's bill of materials (binaries, sources, npm packages, licences)", sbom),
    new CommandInfo("trust", TRUST_USAGE, "the keys whose signed binaries core runs; a change is confirmed at the terminal", trust),
    new CommandInfo("swap", "swap [--back] NAME [BINARY]", "replace a running component's code in place, state kept (none: the swaps; --back: undo)", swap),
    new CommandInfo("disasm", "disasm NAME [--func FUNC]", "a running component's binary as WAT (--func: one function of it)", disasm),
    new CommandInfo("reboot", "reboot [--image | KERNEL]", "boot again, files kept, into /build/kernel.wasm when built", reboot),
    new CommandInfo("new", "new NAME [--service]", "a new component (or service and its client) under /src/components", newComponent),
    new CommandInfo("notes", "notes write|read|list", "the shell's notes in the Notes service (write NAME TEXT, read NAME, list)", notes),
    new CommandInfo("clear", "clear", "clear the screen", clear),
    new CommandInfo("true", "true", "do nothing, successfully", succeed),
    new CommandInfo("false", "false", "do nothing, unsuccessfully", failStatus),
    new CommandInfo("exit", "exit [STATUS]", "leave the shell", exitCommand),
  ];
  return table!;
}

export function findCommand(name: string): CommandInfo | null {
  const all = commands();
  for (let i = 0; i < all.length; i++) if (all[i].name == name) return all[i];
  return null;
}

/** Command names starting with `prefix`, for completion. */
export function commandsStartingWith(prefix: string): Array<string> {
  const all = commands(), out = new Array<string>();
  for (let i = 0; i < all.length; i++) if (all[i].name.startsWith(prefix)) out.push(all[i].name);
  return out;
}

