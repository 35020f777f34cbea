// The shell's `log`: the recent log lines core keeps (its ROM module "log"), all or one component's; -f follows them.
import { TerminalConnection } from "../components/terminal_session/connection.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { SignalHandler, register, submitCap, unregister } from "../components/lib/signal.ts";
import { Context, fail } from "./commands.ts";
import { Output } from "./output.ts";

let rom: RomConnection | null = null;

// Following: a ROM session of its own asks core for a signal at each new line; it is closed
// when following ends, so that the shell is not woken for the log while it waits at its prompt.
let following: RomConnection | null = null;
let followTerminal: TerminalConnection | null = null;
let followName: string = "";
/** The log's version up to which lines were shown: each new line raises it by one. */
let followFrom: u32 = 0;

/** Opened when first asked: the route decides whether the shell may read the log at all. */
function logRom(): RomConnection {
  if (rom == null) rom = new RomConnection("log");
  return rom!;
}

/** True when `line` (as "[label] text") comes from the component named `name` at any depth. */
function fromComponent(line: string, name: string): bool {
  const end = line.indexOf("] ");
  if (!line.startsWith("[") || end < 0) return false;
  const label = line.substring(1, end);
  return label == name || label.endsWith(" -> " + name) || label.includes(" -> " + name + " -> ");
}

/** The last `count` lines of `text`, of `name`'s components only when it is not empty. */
function pick(text: string, name: string, count: i32): Array<string> {
  const all = text.split("\n");
  const picked = new Array<string>();
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    if (l.length > 0 && (name.length == 0 || fromComponent(l, name))) picked.push(l);
  }
  return picked.length > count ? picked.slice(picked.length - count) : picked;
}

/** log [-f] [NAME] [LINES]: the last LINES (default 20) lines, of NAME's components only when given; -f goes on. */
export function log(cx: Context, argv: Array<string>, out: Output): i32 {
  const follow = argv.length > 1 && argv[1] == "-f";
  const args = follow ? argv.slice(2) : argv.slice(1);
  if (args.length > 2) return fail(out, "log", "log [-f] [NAME] [LINES]");
  if (follow && !cx.interactive) return fail(out, "log", "-f needs a person at the terminal (not with -c)");
  const r = logRom();
  // Core serves the log only through a route that names it (README: "What a component can read").
  const text = r.ok ? r.text() : "";
  if (!r.ok || r.error < 0) return fail(out, "log", "no log (the shell's routes grant no ROM \"log\")");
  const name = args.length > 0 ? args[0] : "";
  const count = args.length > 1 ? I32.parseInt(args[1]) : (follow ? 10 : 20);
  if (count <= 0) return fail(out, "log", "LINES is a number above 0");
  const lines = pick(text, name, count);
  for (let i = 0; i < lines.length; i++) out.line(lines[i]);
  if (follow) {
    cx.followLog = true;
    cx.followName = name;
    followFrom = r.version;
  }
  return 0;
}

class LogChanged extends SignalHandler {
  handle(count: u32): void { showNew(); }
}

let changed: LogChanged | null = null;

/** Prints the lines added since the version followFrom (only the ring's when more came meanwhile). */
function showNew(): void {
  const r = following, t = followTerminal;
  if (r == null || t == null) return;
  const text = r.text();
  if (r.error < 0 || r.version <= followFrom) return;
  const fresh = <i32>min<u32>(r.version - followFrom, 1 << 20);
  followFrom = r.version;
  // The ring's newest `fresh` lines are the new ones; NAME filters them afterwards.
  const newest = pick(text, "", fresh);
  let o = "";
  for (let i = 0; i < newest.length; i++) {
    if (followName.length == 0 || fromComponent(newest[i], followName)) o += newest[i] + "\r\n";
  }
  if (o.length > 0) t.print(o);
}

/** Starts following after `log -f` (what Context.followLog asked): false when core gives no change signal. */
export function startFollowing(terminal: TerminalConnection, cx: Context): bool {
  cx.followLog = false;
  followTerminal = terminal;
  followName = cx.followName;
  const r = new RomConnection("log");
  if (!r.ok) return false;
  let h = changed;
  if (h == null) {
    h = new LogChanged();
    if (register(h) <= 0) { r.close(); return false; }
    changed = h;
  }
  if (r.sigh(submitCap(h)) < 0) { r.close(); return false; }
  following = r;
  // Lines that came between the command and now.
  showNew();
  return true;
}

/** Ends following (ctrl-c): the session goes, and with it core's signals. */
export function stopFollowing(): void {
  const r = following;
  if (r != null) r.close();
  following = null;
  followTerminal = null;
  const h = changed;
  if (h != null) unregister(h);
  changed = null;
}
