// The LOG server of `<log_service [verbose] [delay_close_ms]>` (SEMANTICS.md §13 D2).
//
// Each session remembers its label as the server sees it (the one init routed, with every
// client prefix); a write of T logs `[label] T`. Sessions are created and closed by init calling
// the announced root: a create runs synchronously, so "opening session with label L" appears
// before the client's call returns. A delayed close answers Err.Pending and tells init when it
// is done (ParentOp.SessionResponse), so that init reports it CLOSE_REQUESTED meanwhile.
import { LogSessionQuota } from "../log_session/protocol.ts";
import { Err, RootOp, SessionAnswer } from "../../kernel/abi.ts";
import { log } from "../lib/log.ts";
import { LogSessionObject, LogSink, stripFraming } from "../lib/log_server.ts";
import * as msg from "../lib/message.ts";
import * as parent from "../lib/parent.ts";
import { Root, SessionRequest, announce, trailingRequestId } from "../lib/root.ts";
import { RpcObject, dissolve, lookupObject } from "../lib/rpc.ts";
import { Timeout, later } from "./timeouts.ts";

/** Genode's dummy limits each relayed line to this many characters. */
const MAX_LINE: i32 = 99;

/** Relays each write as `[label] text`, cut as Genode's dummy cuts it. */
class Relay extends LogSink {
  write(label: string, text: string): void {
    let line = "[" + label + "] " + stripFraming(text);
    if (line.length > MAX_LINE) line = line.substring(0, MAX_LINE);
    log(line);
  }
}

const relay = new Relay();

/** A session whose close waits for `delay_close_ms`; `id` names the close request to the parent. */
class DelayedClose extends Timeout {
  constructor(readonly server: LogServer, readonly session: LogSessionObject, readonly id: u32) { super(); }
  fire(): void {
    this.server.finishClose(this.session);
    // The parent kept the session CLOSE_REQUESTED meanwhile: now it is closed.
    if (this.id != 0) parent.sessionResponse(this.id, SessionAnswer.Closed);
  }
  noClock(): void {
    log("Warning: no Timer session, closing without delay");
    this.fire();
  }
}

export class LogServer extends Root {
  /** What one session costs: its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return LogSessionQuota.Ram; }
  sessionCaps(): u32 { return LogSessionQuota.Caps; }

  constructor(readonly verbose: bool, readonly delayCloseMs: u32) { super(); }

  create(request: SessionRequest): RpcObject | null {
    if (this.verbose) log("opening session with label " + request.label);
    return new LogSessionObject(request.label, relay);
  }

  /** The client donated more: Genode's dummy says so (the quota is already ours, so it always covers it). */
  upgrade(session: RpcObject, ram: u32, caps: u32): void {
    log("received session quota upgrade");
  }

  dispatch(op: i32): i32 {
    if (op != RootOp.Close) return super.dispatch(op);
    const id = trailingRequestId();
    if (msg.capCount() != 1 || !msg.capUnwrapped(0)) return Err.Invalid;
    const obj = lookupObject(<u32>msg.getCap(0));
    if (obj == null || !(obj instanceof LogSessionObject)) return Err.Invalid;
    const session = <LogSessionObject>obj;
    if (this.delayCloseMs > 0) {
      log("delay close by " + this.delayCloseMs.toString() + " ms");
      // Genode blocks its entrypoint here; a Wasmode component must not block, so it answers
      // the close later (the session object lives on until the timeout fires).
      later(this.delayCloseMs, new DelayedClose(this, session, id));
      msg.begin();
      return id != 0 ? Err.Pending : Err.Ok;
    } else {
      log("close session without delay");
    }
    this.finishClose(session);
    msg.begin();
    return Err.Ok;
  }

  finishClose(session: LogSessionObject): void {
    if (this.verbose) log("closing session with label " + session.label);
    dissolve(session);
  }
}

let current: LogServer | null = null;

/**
 * `<log_service>`: a previous server object goes (its sessions stay served: their clients still
 * hold them and init closes them through the new root), a new one is announced as "LOG".
 */
export function startLogService(verbose: bool, delayCloseMs: u32): void {
  const old = current;
  if (old != null) dissolve(old);
  const server = new LogServer(verbose, delayCloseMs);
  current = server;
  // An announcement the start node does not allow is refused by init (which says so); Genode's
  // dummy logs its line all the same.
  announce("LOG", server);
  log("created LOG service");
}
