// A child of init: its start from the config, the parent interface it calls, its sessions and its end.
import { Err, ParentOp, PdState, RootOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import * as parent from "../lib/parent.ts";
import { LogConnection } from "../lib/log.ts";
import { PdConnection, pdGive, pdStatus, pdTake } from "../lib/pd.ts";
import { RomConnection } from "../lib/rom.ts";
import { RpcObject, call, clientCap, manage } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { prefixedLabel } from "../lib/strings.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { Announcement, announce, provider, withdraw } from "./services.ts";

/** A session a child asked for, as init routed it. */
class RoutedSession {
  constructor(
    readonly id: u32, readonly cap: i32, readonly ram: u32, readonly caps: u32,
    /** The child that serves it, or null when it went to init's parent. */
    readonly server: Child | null, readonly parentId: u32,
  ) {}
}

class ExitHandler extends SignalHandler {
  constructor(readonly child: Child) { super(); }
  handle(count: u32): void { this.child.died(); }
}

const children = new Array<Child>();

export class Child extends RpcObject {
  /** The PD capability; 0 until started. */
  control: i32 = 0;
  index: i32;
  alive: bool = false;
  private sessions: Map<u32, RoutedSession> = new Map<u32, RoutedSession>();
  private exit: ExitHandler | null = null;

  constructor(readonly name: string, readonly binary: string, readonly ram: u32, readonly caps: u32, private log: LogConnection) {
    super();
    this.index = children.length;
    children.push(this);
  }

  /** Creates the child's PD from its binary; false (with a log line) when that fails. */
  start(pd: PdConnection): bool {
    const exit = new ExitHandler(this);
    this.exit = exit;
    if (manage(this) < 0 || register(exit) < 0) return false;
    const binary = new RomConnection(this.binary);
    if (!binary.ok) {
      this.log.write("child \"" + this.name + "\": binary \"" + this.binary + "\" is not available");
      return false;
    }
    const parentCap = clientCap(this);
    const exitCap = submitCap(exit);
    const r = pd.create(this.name, this.ram, this.caps, binary.cap, parentCap, exitCap);
    sys_drop(exitCap);
    binary.close();
    if (r < 0) {
      const why = pd.lastError.length > 0 ? pd.lastError : "error " + r.toString();
      this.log.write("child \"" + this.name + "\" not started: " + why);
      return false;
    }
    this.control = r;
    this.alive = true;
    return true;
  }

  /** The parent interface, as the child calls it. */
  dispatch(op: i32): i32 {
    if (op == ParentOp.Session) {
      const id = msg.getU32(), service = msg.getString(), label = msg.getString();
      const ram = msg.getU32(), caps = msg.getU32(), args = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      return this.openSession(id, service, prefixedLabel(this.name, label), ram, caps, args);
    }
    if (op == ParentOp.Close) {
      const id = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (!this.sessions.has(id)) return Err.Invalid;
      this.closeSession(this.sessions.get(id), true);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.Announce) {
      const service = msg.getString();
      if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      announce(new Announcement(service, this.index, msg.getCap(0)));
      msg.begin();
      return Err.Ok;
    }
    return Err.BadOpcode;
  }

  private openSession(id: u32, service: string, label: string, ram: u32, caps: u32, args: string): i32 {
    if (this.sessions.has(id)) return Err.Invalid;
    // The client pays for its session: its quota moves to the server.
    if (pdTake(this.control, ram, caps) != Err.Ok) {
      this.log.write(label + ": \"" + service + "\" session denied: insufficient quota");
      return Err.Quota;
    }
    const a = provider(service);
    let cap: i32;
    let server: Child | null = null;
    let parentId: u32 = 0;
    if (a != null && children[a.provider].alive) {
      server = children[a.provider];
      msg.begin(RootOp.Session);
      msg.putString(label);
      msg.putString(args);
      msg.putU32(ram);
      msg.putU32(caps);
      const r = call(a.root);
      cap = r < 0 ? r : msg.getCap(0);
      if (cap > 0 && pdGive(server.control, ram, caps) != Err.Ok) cap = Err.Quota;
    } else {
      parentId = parent.newSessionId();
      cap = parent.session(parentId, service, label, ram, caps, args);
    }
    if (cap <= 0) {
      pdGive(this.control, ram, caps);
      this.log.write(label + ": \"" + service + "\" session denied (error " + cap.toString() + ")");
      return cap < 0 ? cap : Err.Denied;
    }
    this.sessions.set(id, new RoutedSession(id, cap, ram, caps, server, parentId));
    msg.begin();
    msg.putCap(cap);
    return Err.Ok;
  }

  /** Closes a session at its server; its quota goes back to the client if that still lives. */
  private closeSession(s: RoutedSession, refund: bool): void {
    const server = s.server;
    if (server != null) {
      const a = provider(server.name);
      msg.begin(RootOp.Close);
      msg.putCap(s.cap);
      if (a != null) call(a.root);
      pdTake(server.control, s.ram, s.caps);
    } else {
      parent.close(s.parentId);
    }
    sys_drop(s.cap);
    this.sessions.delete(s.id);
    if (refund) pdGive(this.control, s.ram, s.caps);
  }

  /** The exit signal fired: report how the child ended and release what it held. */
  died(): void {
    if (!this.alive) return;
    const st = pdStatus(this.control);
    if (st.state == PdState.Running) return;
    this.alive = false;
    withdraw(this.index);
    const ids = this.sessions.keys();
    for (let i = 0; i < ids.length; i++) this.closeSession(this.sessions.get(ids[i]), false);
    if (st.state == PdState.Exited) this.log.write("child \"" + this.name + "\" exited with exit value " + st.code.toString());
    else if (st.state == PdState.Faulted) this.log.write("child \"" + this.name + "\" faulted");
    else this.log.write("child \"" + this.name + "\" was killed");
  }
}
