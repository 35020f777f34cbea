// `<create_log_connections count [ram_upgrade]>` and `<destroy_log_connections>` (SEMANTICS.md §13).
//
// N LOG sessions labelled "0".."N-1", opened one after the other: a session whose server has not
// announced LOG yet is pending, and the next one is opened only when it is there (Genode's dummy
// blocks in the session constructor; this one goes on from the connection's ready()).
import { LogSessionQuota } from "../log_session/protocol.ts";
import { Connection } from "../lib/connection.ts";
import { log } from "../lib/log.ts";
import { Step, resumeSteps } from "./flow.ts";

const LOG_RAM: u32 = LogSessionQuota.Ram;
const LOG_CAPS: u32 = LogSessionQuota.Caps;

class LogClient extends Connection {
  constructor(label: string, readonly set: LogConnections) {
    super("LOG", label, LOG_RAM, LOG_CAPS);
  }

  /** The parent decided on a pending session. */
  ready(): void { this.set.decided(this); }
}

export class LogConnections {
  readonly conns: Array<LogClient> = new Array<LogClient>();
  /** Set when the parent denied one: the component stops, as Genode's does. */
  failed: bool = false;

  constructor(readonly count: u32, readonly ramUpgrade: u64) {}

  /** Opens the sessions; Step.Wait when one is pending (resumeSteps() follows when all are open). */
  start(): Step {
    log("going to create " + this.count.toString() + " LOG connections");
    return this.next();
  }

  private next(): Step {
    while (<u32>this.conns.length < this.count) {
      const c = new LogClient(this.conns.length.toString(), this);
      this.conns.push(c);
      if (c.pending) {
        c.whenReady();
        return Step.Wait;
      }
      if (!this.opened(c)) return Step.Stop;
    }
    log("created all LOG connections");
    return Step.Done;
  }

  /** After connection `c` was decided: false when it was denied. */
  private opened(c: LogClient): bool {
    if (!c.ok) {
      this.failed = true;
      log("Error: stop because parent denied LOG-session: label=\"" + c.label + "\" (error " + c.cap.toString() + ")");
      return false;
    }
    if (this.ramUpgrade > 0) {
      log("upgrade connection " + c.label);
      // Done when the call returns: the server has the quota (Genode's dummy blocks until then).
      const r = c.upgrade(<u32>min(this.ramUpgrade, 0xffffffff), 0);
      if (r < 0) log("Warning: upgrade of connection " + c.label + " failed (error " + r.toString() + ")");
    }
    return true;
  }

  decided(c: LogClient): void {
    if (!this.opened(c)) return;
    if (this.next() == Step.Done) resumeSteps();
  }

  /** Closes every session (each close completes within the parent's call). */
  destroy(): void {
    for (let i = 0; i < this.conns.length; i++) this.conns[i].close();
    this.conns.length = 0;
  }
}

let current: LogConnections | null = null;

/** `<destroy_log_connections/>`: closes the set if there is one, then says so. */
export function destroyLogConnections(): void {
  const set = current;
  if (set == null) return;
  current = null;
  set.destroy();
  log("destroyed all LOG connections");
}

/** `<create_log_connections count ram_upgrade/>`: replaces an existing set. */
export function createLogConnections(count: u32, ramUpgrade: u64): Step {
  destroyLogConnections();
  const set = new LogConnections(count, ramUpgrade);
  current = set;
  return set.start();
}
