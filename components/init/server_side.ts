// Child servers that answer later: requests and closes their root answered Err.Pending, and their answers (Genode's session_response).
//
// A child's root may take a session request (or a close) and answer it later, as every Genode
// server does: a forwarding init whose target child is not there yet, a server that delays its
// closes. Init then keeps the record in the phase Genode reports (CREATE_REQUESTED,
// CLOSE_REQUESTED) and settles it when the server calls ParentOp.DeliverSession or
// SessionResponse with the id init gave the request. A client that goes meanwhile leaves its
// records here: the answer then only settles the server's quota (Genode issue 4039).
import { Err, ParentOp, SessionAnswer } from "../../kernel/abi.ts";
import { warningLine } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { pdGive, pdTake } from "../lib/pd.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { Child, RoutedSession, StalledRequest } from "./child.ts";
import { Children } from "./children.ts";
import { Forwarding } from "./forwarding.ts";
import { Services } from "./services.ts";
import { StateTrigger } from "./state_trigger.ts";

/** The Err a SessionAnswer means for a request that was waiting. */
function answerError(answer: u32): i32 {
  if (answer == <u32>SessionAnswer.InsufficientRam || answer == <u32>SessionAnswer.InsufficientCaps) return Err.Quota;
  return Err.Denied;
}

/** The client's request that `server` knows as `id`, or null. */
function requestAt(client: Child, server: Child, id: u32): StalledRequest | null {
  for (let i = 0; i < client.stalled.length; i++) {
    const r = client.stalled[i];
    if (r.server === server && r.serverId == id) return r;
  }
  return null;
}

function sessionAt(client: Child, server: Child, id: u32): RoutedSession | null {
  const ids = client.sessions.keys();
  for (let i = 0; i < ids.length; i++) {
    const s = client.sessions.get(ids[i]);
    if (s.server === server && s.serverId == id) return s;
  }
  return null;
}

/** The phase Genode's report gives a session: CLOSE_REQUESTED while its close is pending. */
export function sessionPhase(s: RoutedSession): string {
  return s.closing ? "CLOSE_REQUESTED" : "CAP_HANDED_OUT";
}

/** The phase of a denied request, by why it was denied. */
export function deniedPhase(r: StalledRequest): string {
  return r.error == Err.Quota ? "INSUFFICIENT_RAM_QUOTA" : "SERVICE_DENIED";
}

/** The child servers' side of init's sessions: what they still answer, and the records of clients gone meanwhile. */
export class ServerSide {
  /** Sessions being closed, and requests being decided, whose client is gone. */
  readonly orphanSessions: Array<RoutedSession> = new Array<RoutedSession>();
  readonly orphanRequests: Array<StalledRequest> = new Array<StalledRequest>();

  constructor(private children: Children, private services: Services, private forwarding: Forwarding, private trigger: StateTrigger) {}

  orphanSession(s: RoutedSession): void { this.orphanSessions.push(s); }
  orphanRequest(r: StalledRequest): void { this.orphanRequests.push(r); }

  /**
   * `server` took request `r` of `client` and answers later: the quota goes to the server now, as
   * in Genode, and the request waits in the client's stalled list, marked with its server.
   */
  pendAtServer(client: Child, r: StalledRequest, server: Child, serverId: u32, serverLabel: string): i32 {
    if ((r.ram | r.caps) != 0) pdGive(server.control, r.ram, r.caps);
    r.server = server;
    r.serverId = serverId;
    r.serverLabel = serverLabel;
    client.stalled.push(r);
    this.trigger.stateChanged();
    return Err.Pending;
  }

  /** A server decided `client`'s request `r`: `result` is the session capability or an Err. */
  private settle(client: Child, r: StalledRequest, result: i32): void {
    const i = client.stalled.indexOf(r);
    if (i >= 0) client.stalled.splice(i, 1);
    const server = r.server!;
    if (result > 0) {
      const s = new RoutedSession(r.id, r.service, result, r.ram, r.caps, server, 0);
      s.label = r.label;
      s.args = r.args;
      s.serverLabel = r.serverLabel;
      s.serverId = r.serverId;
      client.sessions.set(r.id, s);
      this.trigger.stateChanged();
    } else {
      // The quota went to the server with the request: it comes back.
      if ((r.ram | r.caps) != 0) {
        pdTake(server.control, r.ram, r.caps);
        if (client.control != 0) pdGive(client.control, r.ram, r.caps);
      }
      client.deny(r, result);
    }
    client.notify();
  }

  /**
   * The server closed `client`'s session `s`, because init asked (CLOSE_REQUESTED) or of its own
   * accord (a forwarding init whose policy changed): the quota goes back to the client, which is
   * told when the close was not its own.
   */
  private closed(client: Child, s: RoutedSession): void {
    client.sessions.delete(s.id);
    const server = s.server!;
    if ((s.ram | s.caps) != 0) {
      pdTake(server.control, s.ram, s.caps);
      if (client.control != 0 && client.alive) pdGive(client.control, s.ram, s.caps);
    }
    sys_drop(s.cap);
    this.trigger.stateChanged();
    if (!s.closing) client.notify();
  }

  /** ParentOp.DeliverSession from `server`: the session of its request `id`. */
  private delivered(server: Child, id: u32, cap: i32): i32 {
    for (let i = 0; i < this.children.length; i++) {
      const r = requestAt(this.children.at(i), server, id);
      if (r != null) {
        this.settle(this.children.at(i), r, cap);
        return Err.Ok;
      }
    }
    for (let i = 0; i < this.orphanRequests.length; i++) {
      const r = this.orphanRequests[i];
      if (r.server !== server || r.serverId != id) continue;
      // Its client is gone: the session is closed again at once (Genode turns it into a close request).
      this.orphanRequests.splice(i, 1);
      const s = new RoutedSession(r.id, r.service, cap, r.ram, r.caps, server, 0);
      s.serverId = id;
      s.label = r.label;
      s.args = r.args;
      s.serverLabel = r.serverLabel;
      s.closing = true;
      if (this.services.closeAt(server.name, r.service, cap, id) == Err.Pending) this.orphanSessions.push(s);
      else this.finishOrphan(s);
      return Err.Ok;
    }
    if (this.forwarding.delivered(server, id, cap)) return Err.Ok;
    sys_drop(cap);
    return Err.Invalid;
  }

  /** An orphaned session is closed: the server's quota comes back to init. */
  private finishOrphan(s: RoutedSession): void {
    const server = s.server!;
    if ((s.ram | s.caps) != 0) pdTake(server.control, s.ram, s.caps);
    sys_drop(s.cap);
    this.trigger.stateChanged();
  }

  /** ParentOp.SessionResponse from `server` about its request `id`. */
  private responded(server: Child, id: u32, answer: u32): i32 {
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children.at(i);
      const r = requestAt(c, server, id);
      if (r != null) {
        this.settle(c, r, answerError(answer));
        return Err.Ok;
      }
      const s = sessionAt(c, server, id);
      if (s != null) {
        // Upgrades are confirmed within their call: only a close has something to settle.
        if (answer == <u32>SessionAnswer.Closed) this.closed(c, s);
        return Err.Ok;
      }
    }
    for (let i = 0; i < this.orphanRequests.length; i++) {
      const r = this.orphanRequests[i];
      if (r.server !== server || r.serverId != id) continue;
      this.orphanRequests.splice(i, 1);
      if ((r.ram | r.caps) != 0) pdTake(server.control, r.ram, r.caps);
      return Err.Ok;
    }
    for (let i = 0; i < this.orphanSessions.length; i++) {
      const s = this.orphanSessions[i];
      if (s.server !== server || s.serverId != id) continue;
      if (answer != <u32>SessionAnswer.Closed) return Err.Ok;
      this.orphanSessions.splice(i, 1);
      this.finishOrphan(s);
      return Err.Ok;
    }
    return this.forwarding.responded(server, id, answer) ? Err.Ok : Err.Invalid;
  }

  /**
   * `server` is gone (exited, faulted or removed): nothing it still had to answer will be answered.
   * Waiting creates are denied to their clients, records left by gone clients are dropped, and
   * requests init forwarded there wait for a target again.
   */
  serverGone(server: Child): void {
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children.at(i);
      for (let j = c.stalled.length - 1; j >= 0; j--) if (c.stalled[j].server === server) this.settle(c, c.stalled[j], Err.Denied);
    }
    for (let i = this.orphanRequests.length - 1; i >= 0; i--) if (this.orphanRequests[i].server === server) this.orphanRequests.splice(i, 1);
    // Closes it was asked for will never be answered: they end now. Its quota came back to init
    // when it died, the donations included, so a live client gets its share back from init.
    for (let i = this.orphanSessions.length - 1; i >= 0; i--) {
      if (this.orphanSessions[i].server !== server) continue;
      sys_drop(this.orphanSessions[i].cap);
      this.orphanSessions.splice(i, 1);
    }
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children.at(i);
      const ids = c.sessions.keys();
      for (let j = 0; j < ids.length; j++) {
        const s = c.sessions.get(ids[j]);
        if (s.server !== server || !s.closing) continue;
        c.sessions.delete(s.id);
        sys_drop(s.cap);
        if (c.alive && c.control != 0 && (s.ram | s.caps) != 0) pdGive(c.control, s.ram, s.caps);
        c.notify();
      }
    }
    this.forwarding.serverGone(server);
  }

  /** ParentOp.DeliverSession and SessionResponse from `server`, a child serving others. */
  serverAnswerOp(server: Child, op: i32): i32 {
    const id = msg.getU32();
    if (op == ParentOp.DeliverSession) {
      if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      const r = this.delivered(server, id, msg.getCap(0));
      msg.begin();
      return r;
    }
    const answer = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    const r = this.responded(server, id, answer);
    if (r < 0) server.log.write(warningLine(server.name + ": response to unknown session request " + id.toString()));
    msg.begin();
    return r;
  }
}
