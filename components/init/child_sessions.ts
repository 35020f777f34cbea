// A child's sessions as init brokers them: routed and opened at a sibling, init's parent or init itself; closed again.
import { EnvSession, Err, RootOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import * as parent from "../lib/parent.ts";
import { pdGive, pdTake } from "../lib/pd.ts";
import { RomSession } from "../lib/rom_server.ts";
import { call, clientCap, dissolve, manage } from "../lib/rpc.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { Child, RoutedSession, StalledRequest } from "./child.ts";
import { Children } from "./children.ts";
import { RouteKind } from "./model/route_model.ts";
import { ServerSide } from "./server_side.ts";
import { Services } from "./services.ts";
import { StateTrigger } from "./state_trigger.ts";

/**
 * How many session requests one child may have stalled (waiting for a server to announce, or for its
 * answer) at a time. A client that waits for its sessions has one or two stalled at once; 16 leaves
 * room for a component that opens several in parallel at boot, and bounds what a flood costs init.
 */
export const MAX_STALLED_PER_CHILD: i32 = 16;

/**
 * Who asked, for init's log lines: the label without the separator an empty label leaves at its
 * end ("C -> " names "C"), so that a denial names the child as it always did.
 */
function requester(label: string): string {
  return label.endsWith(" -> ") ? label.substring(0, label.length - 4) : label;
}

/** Opens and closes the sessions of init's children, wherever their routes lead. */
export class SessionBroker {
  constructor(private children: Children, private services: Services, private serverSide: ServerSide, private trigger: StateTrigger) {}

  /**
   * A session request of `child`, routed: served by init (the inline config), passed to a sibling's
   * root or to init's parent, stalled until its server announces it, or denied with a log line.
   * Err.Ok puts the capability in the reply.
   */
  open(child: Child, id: u32, service: string, label: string, ram: u32, caps: u32, args: string): i32 {
    if (child.sessions.has(id)) return Err.Invalid;
    const d = child.route(service, label);
    if (d.kind == RouteKind.InlineConfig && child.configRom != null) {
      // The child's config ROM, from its start node's inline <config>: init serves it itself.
      const local = new RomSession(child.configRom!);
      if (manage(local) < 0) return Err.NoSpace;
      const rs = new RoutedSession(id, "ROM", clientCap(local), 0, 0, null, 0, local);
      rs.label = label;
      rs.args = args;
      child.sessions.set(id, rs);
      msg.begin();
      msg.putCap(clientCap(local));
      return Err.Ok;
    }
    if (d.kind != RouteKind.Parent && d.kind != RouteKind.Child) {
      child.log.write(child.name + ": no route to service \"" + service + "\" (label=\"" + label + "\")");
      return Err.Denied;
    }
    // A sibling will provide it but has not announced it yet: the request stalls until it does.
    const server = d.kind == RouteKind.Child ? this.children.named(d.server) : null;
    const a = server != null ? this.services.rootOf(server.name, service) : null;
    if (d.kind == RouteKind.Child && (server == null || !server.alive || a == null)) {
      // Each stalled request lives in init's memory: past the bound the child hears a denial at once.
      if (id >= <u32>EnvSession.FirstFree && child.stalled.length >= MAX_STALLED_PER_CHILD) {
        if (!child.stallBoundLogged) {
          child.stallBoundLogged = true;
          child.log.write(child.name + ": too many stalled session requests (" + MAX_STALLED_PER_CHILD.toString() + "): \"" + service + "\" (label=\"" + label + "\") denied, and further ones");
        }
        return Err.Denied;
      }
      child.stalled.push(new StalledRequest(id, service, label, ram, caps, args));
      this.trigger.stateChanged();
      return Err.Pending;
    }
    // The client pays for its session: its quota moves to the server. Init pays for the
    // environment it opens before the child exists.
    if ((ram | caps) != 0 && child.control != 0 && pdTake(child.control, ram, caps) != Err.Ok) {
      child.log.write(requester(label) + ": \"" + service + "\" session denied: insufficient quota");
      return Err.Quota;
    }
    let cap: i32;
    let parentId: u32 = 0;
    let serverId: u32 = 0;
    if (server != null && a != null) {
      serverId = this.services.newRequestId();
      msg.begin(RootOp.Session);
      msg.putString(d.serverLabel);
      msg.putString(args);
      msg.putU32(ram);
      msg.putU32(caps);
      msg.putU32(serverId);
      const r = call(a.root);
      if (r == Err.Pending) return this.serverSide.pendAtServer(child, new StalledRequest(id, service, label, ram, caps, args), server, serverId, d.serverLabel);
      cap = r < 0 ? r : msg.getCap(0);
      if (cap > 0 && (ram | caps) != 0 && pdGive(server.control, ram, caps) != Err.Ok) cap = Err.Quota;
    } else {
      parentId = parent.newSessionId();
      cap = parent.session(parentId, service, d.serverLabel, ram, caps, args);
    }
    if (cap <= 0) {
      if ((ram | caps) != 0 && child.control != 0) pdGive(child.control, ram, caps);
      child.log.write(requester(label) + ": \"" + service + "\" session denied (error " + cap.toString() + ")");
      const why = cap < 0 ? cap : Err.Denied;
      // Init asked for the environment: its denial stays on record (the report's SERVICE_DENIED).
      if (id < <u32>EnvSession.FirstFree) child.deny(new StalledRequest(id, service, d.serverLabel, ram, caps, args), why);
      return why;
    }
    const rs = new RoutedSession(id, service, cap, ram, caps, server, parentId);
    rs.label = label;
    rs.args = args;
    rs.serverLabel = d.serverLabel;
    rs.serverId = serverId;
    child.sessions.set(id, rs);
    this.trigger.stateChanged();
    msg.begin();
    msg.putCap(cap);
    return Err.Ok;
  }


  /** Closes a session of `child` at its server; its quota goes back to the client if that still lives. */
  close(child: Child, s: RoutedSession, refund: bool): void {
    this.trigger.stateChanged();
    const server = s.server;
    const local = s.local;
    if (local != null) {
      local.closed();
      dissolve(local);
      child.sessions.delete(s.id);
      return;
    }
    if (server != null) {
      // A close the server answers later: CLOSE_REQUESTED until it does (server_side.ts); a
      // client going away leaves the record to the server's answer.
      if (s.closing || this.services.closeAt(server.name, s.service, s.cap, s.serverId) == Err.Pending) {
        s.closing = true;
        if (!refund) {
          child.sessions.delete(s.id);
          this.serverSide.orphanSession(s);
        }
        return;
      }
      pdTake(server.control, s.ram, s.caps);
    } else {
      parent.close(s.parentId);
    }
    sys_drop(s.cap);
    child.sessions.delete(s.id);
    if (refund) pdGive(child.control, s.ram, s.caps);
  }

  /** Tries again the stalled requests of `child` for `service`; the child hears of each decision by its signal. */
  retry(child: Child, service: string): void {
    const now = child.stalled;
    child.stalled = new Array<StalledRequest>();
    let decided = false;
    for (let i = 0; i < now.length; i++) {
      const r = now[i];
      // One that reached its server waits for that server's answer, not for an announcement.
      if (r.service != service || r.server != null) { child.stalled.push(r); continue; }
      const result = this.open(child, r.id, r.service, r.label, r.ram, r.caps, r.args);
      if (result == Err.Pending) continue;
      if (result < 0) child.deny(r, result);
      decided = true;
    }
    if (decided && child.sessionSignal > 0) sys_signal(child.sessionSignal);
  }
}
