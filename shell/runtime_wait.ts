// What start, stop and restart wait for: the runtime's state report showing the change, or a timeout.
//
// Writing the runtime's config only asks; init applies it when its config ROM changes, and its
// state report then says so. A command that returned before that would leave `start hello; ps`
// showing nothing in a script, so the shell waits, and the rest of the line with it.
import { TimerConnection } from "../components/lib/timer.ts";
import { Output } from "./output.ts";
import { ChildState, Runtime } from "./runtime.ts";

/** How long init may take to show a change before the command gives up saying so. */
const TIMEOUT_US: u64 = 5_000_000;

export const enum Awaited {
  /** start: the child is there and past its creation (running, or already exited). */
  Started = 1,
  /** stop: the child is gone. */
  Gone = 2,
  /** restart: the child is there with the version its start node now has. */
  Restarted = 3,
}

export class RuntimeWait {
  /** When to give up, in the timer's microseconds; 0 without a timer (the wait ends with its change only). */
  deadline: u64 = 0;
  constructor(readonly command: string, readonly name: string, readonly awaited: u32, readonly version: string) {}
}

function find(children: Array<ChildState>, name: string): ChildState | null {
  for (let i = 0; i < children.length; i++) if (children[i].name == name) return children[i];
  return null;
}

/** Whether the state report shows what `w` waits for. */
export function shows(w: RuntimeWait, children: Array<ChildState>): bool {
  const c = find(children, w.name);
  if (w.awaited == Awaited.Gone) return c == null;
  if (c == null || c.state == "incomplete") return false;
  return w.awaited == Awaited.Started || c.version == w.version;
}

/**
 * Begins to wait for `w` after the command wrote the config: the runtime's state ROM and the
 * timeout (when `timer` is there) signal `signal`, the shell's news. False when the report
 * already shows the change (nothing to wait for).
 */
export function awaitRuntime(r: Runtime, timer: TimerConnection, signal: i32, w: RuntimeWait): bool {
  if (shows(w, r.children())) return false;
  r.stateRom.sigh(signal);
  if (timer.ok && timer.sigh(signal) >= 0 && timer.once(<u32>TIMEOUT_US) >= 0) w.deadline = timer.nowUs() + TIMEOUT_US;
  return true;
}

/**
 * News while the shell waits for the runtime: -1 while the change is not there yet, else the
 * command's status (1 after a timeout, which says what init reports instead).
 */
export function runtimeNews(r: Runtime, timer: TimerConnection, w: RuntimeWait, out: Output): i32 {
  const children = r.children();
  if (shows(w, children)) return 0;
  if (w.deadline == 0 || timer.nowUs() < w.deadline) return -1;
  const c = find(children, w.name);
  const seen = c == null ? "does not list it" : "shows it " + c.state + (w.awaited == Awaited.Restarted ? " at version " + (c.version.length > 0 ? c.version : "none") : "");
  const want = w.awaited == Awaited.Gone ? "gone" : w.awaited == Awaited.Restarted ? "restarted" : "started";
  out.line(w.command + ": " + w.name + ": not " + want + " after " + (TIMEOUT_US / 1_000_000).toString() + " s: the runtime's state report " + seen + " (log runtime tells why)");
  return 1;
}
