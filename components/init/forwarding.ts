// Service forwarding: init as a server of its own parent, handing each session to a child by `<service><policy>` (SEMANTICS.md §10).
//
// For every top-level `<service name="S">` init announces S to its parent with a root of its own.
// A request (label L exactly as the parent sent it) picks a policy of that node as servers do
// (lib/policy.ts); no policy, or one without `<child>`, denies it. A target child that is not
// there, does not provide S or has not announced it yet leaves the request pending: init answers
// its parent later (ParentOp.DeliverSession / SessionResponse), after the apply or announcement
// that makes it possible. After each apply every forwarded session is resolved again, and one
// whose target changed or vanished is closed at its server and reported CLOSED to the parent.
// The parent names sessions by the request id of its RootOp payloads: the session capability
// reaches init as a copy of the server's, which says nothing about which session it is.
import { Err, RootOp, SessionAnswer } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import * as parent from "../lib/parent.ts";
import { pdGive, pdTake } from "../lib/pd.ts";
import { selectPolicy } from "../lib/policy.ts";
import { trailingRequestId } from "../lib/root.ts";
import { RpcObject, call, clientCap, manage } from "../lib/rpc.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { Child } from "./child.ts";
import { Children } from "./children.ts";
import { InitConfig } from "./model/config_model.ts";
import { Announcement, Services } from "./services.ts";

const enum Phase {
  /** No child can take it yet. */
  Waiting = 0,
  /** Handed to the child's root, which answers later. */
  AtServer = 1,
  /** The child's session capability went to the parent. */
  Open = 2,
  /** Init asked the child to close it, which answers later. */
  Closing = 3,
}

/** A session init's parent asked for, with where it went. */
class Forwarded {
  phase: Phase = Phase.Waiting;
  server: Child | null = null;
  serverId: u32 = 0;
  serverLabel: string = "";
  cap: i32 = 0;
  /** The parent closed it while the child still decided on it: close it as soon as it is there. */
  dropped: bool = false;

  constructor(readonly parentId: u32, readonly service: string, readonly label: string, readonly args: string, public ram: u32, public caps: u32) {}
}

/** Where a request goes: a child's root and the label it gets, or why not (Err.Denied, Err.Pending). */
class Resolution {
  error: i32 = Err.Ok;
  child: Child | null = null;
  root: Announcement | null = null;
  label: string = "";
}

/** The SessionAnswer telling the parent that a request failed with `e`. */
function answerOf(e: i32): i32 {
  return e == Err.Quota ? SessionAnswer.InsufficientRam : SessionAnswer.Denied;
}

/** Tells the parent how `f` ended, unless the parent already dropped it. */
function answerParent(f: Forwarded, answer: i32): void {
  if (!f.dropped) parent.sessionResponse(f.parentId, answer);
}

/** Drops the capabilities a call transferred: a session capability reaches init as a mere copy. */
function dropTransferred(): void {
  for (let i: u32 = 0; i < msg.capCount(); i++) if (!msg.capUnwrapped(i)) sys_drop(msg.getCap(i));
}

/** The sessions init's parent asked for, the roots init announced for them, and the config that places them. */
export class Forwarding {
  private sessions: Array<Forwarded> = new Array<Forwarded>();
  private roots: Map<string, ForwardRoot> = new Map<string, ForwardRoot>();
  private model: InitConfig | null = null;

  constructor(private children: Children, private services: Services) {}

  find(parentId: u32): Forwarded | null {
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].parentId == parentId) return this.sessions[i];
    return null;
  }

  /** Keeps `f` (open or pending at a child, or waiting for one). */
  keep(f: Forwarded): void { this.sessions.push(f); }

  forget(f: Forwarded): void {
    const i = this.sessions.indexOf(f);
    if (i >= 0) this.sessions.splice(i, 1);
  }

  /** Where the config sends a session of `service` labelled `label` now (SEMANTICS.md §10 F3). */
  resolve(service: string, label: string): Resolution {
    const r = new Resolution();
    r.error = Err.Pending;
    const config = this.model;
    if (config == null) return r;
    const node = config.service(service);
    if (node == null) return r;
    const policy = selectPolicy(node, label);
    const target = policy != null ? policy.child("child") : null;
    if (target == null) {
      r.error = Err.Denied;
      return r;
    }
    const c = this.children.named(target.attributeOr("name", ""));
    if (c == null || !c.alive || c.abandoned || !c.start.provide(service)) return r;
    const a = this.services.rootOf(c.name, service);
    if (a == null) return r;
    r.error = Err.Ok;
    r.child = c;
    r.root = a;
    r.label = target.attributeOr("label", label);
    return r;
  }

  /** Hands `f` to the child `to` names: Err.Ok (open), Err.Pending (the child answers later) or the child's denial. */
  forward(f: Forwarded, to: Resolution): i32 {
    const server = to.child!;
    const id = this.services.newRequestId();
    msg.begin(RootOp.Session);
    msg.putString(to.label);
    msg.putString(f.args);
    msg.putU32(f.ram);
    msg.putU32(f.caps);
    msg.putU32(id);
    const r = call(to.root!.root);
    if (r < 0 && r != Err.Pending) return r;
    const cap = r == Err.Pending ? 0 : msg.getCap(0);
    if (r != Err.Pending && cap <= 0) return Err.Denied;
    // The parent's donation passes on to the server (it reached init's PD with the request).
    if ((f.ram | f.caps) != 0 && pdGive(server.control, f.ram, f.caps) != Err.Ok) {
      if (cap > 0 && this.services.closeAt(server.name, f.service, cap, id) != Err.Pending) sys_drop(cap);
      return Err.Quota;
    }
    f.server = server;
    f.serverId = id;
    f.serverLabel = to.label;
    f.cap = cap;
    f.phase = r == Err.Pending ? Phase.AtServer : Phase.Open;
    return r == Err.Pending ? Err.Pending : Err.Ok;
  }

  /** Closes `f` at its server: true when done, false when the server answers later. */
  closeForwarded(f: Forwarded): bool {
    const server = f.server!;
    if (this.services.closeAt(server.name, f.service, f.cap, f.serverId) == Err.Pending) {
      f.phase = Phase.Closing;
      return false;
    }
    this.closedAtServer(f);
    return true;
  }

  /** The server closed `f`: its quota comes back to init (the parent takes it back from there). */
  private closedAtServer(f: Forwarded): void {
    const server = f.server!;
    if ((f.ram | f.caps) != 0) pdTake(server.control, f.ram, f.caps);
    if (f.cap > 0) sys_drop(f.cap);
    f.cap = 0;
    this.forget(f);
  }

  /** Passes more quota of an open session on to its server: the parent's upgrade. */
  upgrade(f: Forwarded, ram: u32, caps: u32): i32 {
    const server = f.server!;
    const a = this.services.rootOf(server.name, f.service);
    if (a == null) return Err.Invalid;
    if ((ram | caps) != 0 && pdGive(server.control, ram, caps) != Err.Ok) return Err.Quota;
    msg.begin(RootOp.Upgrade);
    msg.putU32(ram);
    msg.putU32(caps);
    msg.putU32(f.serverId);
    msg.putCap(f.cap);
    const r = call(a.root);
    f.ram += ram;
    f.caps += caps;
    msg.begin();
    return r < 0 ? r : Err.Ok;
  }

  /** Tries again the requests no child could take: after an apply, and when a child announced a service. */
  retry(): void {
    const now = this.sessions.slice(0);
    for (let i = 0; i < now.length; i++) {
      const f = now[i];
      if (f.phase != Phase.Waiting) continue;
      const to = this.resolve(f.service, f.label);
      const r = to.error == Err.Ok ? this.forward(f, to) : to.error;
      if (r == Err.Pending) continue;
      if (r == Err.Ok) parent.deliverSession(f.parentId, f.cap);
      else {
        this.forget(f);
        parent.sessionResponse(f.parentId, answerOf(r));
      }
    }
  }

  /**
   * A config was applied: announce the services it forwards (once each), close the sessions whose
   * policy now leads elsewhere or nowhere, and retry the waiting requests.
   */
  applied(config: InitConfig): void {
    this.model = config;
    for (let i = 0; i < config.services.length; i++) {
      const name = config.services[i].attributeOr("name", "");
      if (name.length == 0 || this.roots.has(name)) continue;
      const root = new ForwardRoot(name, this);
      if (manage(root) < 0) continue;
      this.roots.set(name, root);
      parent.announce(name, clientCap(root));
    }
    const now = this.sessions.slice(0);
    for (let i = 0; i < now.length; i++) {
      const f = now[i];
      if (f.phase != Phase.Open) continue;
      const to = this.resolve(f.service, f.label);
      if (to.error == Err.Ok && to.child === f.server && to.label == f.serverLabel) continue;
      if (this.closeForwarded(f)) parent.sessionResponse(f.parentId, SessionAnswer.Closed);
    }
    this.retry();
  }

  /** A child delivered a session init had forwarded to it; false when `id` is none of those. */
  delivered(server: Child, id: u32, cap: i32): bool {
    for (let i = 0; i < this.sessions.length; i++) {
      const f = this.sessions[i];
      if (f.server !== server || f.serverId != id || f.phase != Phase.AtServer) continue;
      f.cap = cap;
      f.phase = Phase.Open;
      if (f.dropped) this.closeForwarded(f);
      else parent.deliverSession(f.parentId, cap);
      return true;
    }
    return false;
  }

  /** A child answered a forwarded request or close; false when `id` is none of those. */
  responded(server: Child, id: u32, answer: u32): bool {
    for (let i = 0; i < this.sessions.length; i++) {
      const f = this.sessions[i];
      if (f.server !== server || f.serverId != id) continue;
      if (answer == <u32>SessionAnswer.Ok) return true;
      if (f.phase == Phase.AtServer) {
        // Denied: the donation comes back to init, and the parent hears why.
        if ((f.ram | f.caps) != 0) pdTake(server.control, f.ram, f.caps);
        this.forget(f);
        answerParent(f, <i32>answer);
        return true;
      }
      this.closedAtServer(f);
      answerParent(f, SessionAnswer.Closed);
      return true;
    }
    return false;
  }

  /** A child init forwarded to is gone: what waited for its answer waits for a target again (retried after the next apply). */
  serverGone(server: Child): void {
    for (let i = 0; i < this.sessions.length; i++) {
      const f = this.sessions[i];
      if (f.server !== server || f.phase != Phase.AtServer) continue;
      f.phase = Phase.Waiting;
      f.server = null;
      f.serverId = 0;
    }
  }
}

/** The root init announces for one forwarded service. */
class ForwardRoot extends RpcObject {
  constructor(readonly service: string, private forwarding: Forwarding) { super(); }

  dispatch(op: i32): i32 {
    const fw = this.forwarding;
    if (op == RootOp.Session) {
      const label = msg.getString(), args = msg.getString(), ram = msg.getU32(), caps = msg.getU32();
      const id = trailingRequestId();
      if (msg.malformed() || id == 0) return Err.BadMsg;
      if (fw.find(id) != null) return Err.Invalid;
      const f = new Forwarded(id, this.service, label, args, ram, caps);
      const to = fw.resolve(this.service, label);
      const r = to.error == Err.Ok ? fw.forward(f, to) : to.error;
      if (r == Err.Ok || r == Err.Pending) fw.keep(f);
      if (r != Err.Ok) return r;
      msg.begin();
      msg.putCap(f.cap);
      return Err.Ok;
    }
    if (op == RootOp.Close) {
      const id = trailingRequestId();
      const bad = msg.malformed();
      dropTransferred();
      if (bad) return Err.BadMsg;
      const f = fw.find(id);
      if (f == null) return Err.Invalid;
      msg.begin();
      if (f.phase == Phase.Closing) return Err.Pending;
      if (f.phase == Phase.Waiting) {
        fw.forget(f);
        return Err.Ok;
      }
      if (f.phase == Phase.AtServer) {
        f.dropped = true;
        return Err.Ok;
      }
      return fw.closeForwarded(f) ? Err.Ok : Err.Pending;
    }
    if (op == RootOp.Upgrade) {
      const ram = msg.getU32(), caps = msg.getU32();
      const id = trailingRequestId();
      const bad = msg.malformed();
      dropTransferred();
      if (bad) return Err.BadMsg;
      const f = fw.find(id);
      if (f == null || f.phase != Phase.Open) return Err.Invalid;
      return fw.upgrade(f, ram, caps);
    }
    return Err.BadOpcode;
  }
}
