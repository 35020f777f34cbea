// A child of init: its start from the config, the parent interface it calls, its sessions and its end.
import { EnvSession, Err, ParentOp, PdState } from "../../kernel/abi.ts";
import { exit as endInit } from "../lib/component.ts";
import * as msg from "../lib/message.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { pdCreate, pdCreateError, pdStatus } from "../lib/pd.ts";
import { RomModule } from "../lib/rom_server.ts";
import { RpcObject, clientCap, dissolve, manage } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap, unregister } from "../lib/signal.ts";
import { prefixedLabel } from "../lib/strings.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { retryLater } from "./children.ts";
import { byteSize, stateChanged } from "./state_reporter.ts";
import { initQuota } from "./own_quota.ts";
import { InitConfig, Start } from "./model/config_model.ts";
import { RoutedSession, StalledRequest } from "./session_record.ts";
import { HeartbeatState, heartbeatOp } from "./heartbeat.ts";
import { orphanRequest, serverAnswerOp, serverGone } from "./server_side.ts";
import { RouteDecision, RouteKind, routeLabel } from "./model/route_model.ts";
import { Announcement, announce, withdraw } from "./services.ts";
import { ChildQuota, resourceOp, upgradeSession } from "./resources.ts";
import { closeSession, openSession } from "./child_sessions.ts";

let childIds: u32 = 0;

/**
 * What each environment session donates to its server: a page of RAM for the session's state and
 * one capability for its object. As in Genode, the child's assignment pays for its environment:
 * its PD gets what is assigned less these.
 */
const ENV_RAM: u32 = 4096;
const ENV_CAPS: u32 = 1;

class ExitHandler extends SignalHandler {
  constructor(readonly child: Child) { super(); }
  handle(count: u32): void { this.child.died(); }
}

export class Child extends RpcObject {
  /** The PD capability; 0 until started. */
  control: i32 = 0;
  alive: bool = false;
  sessions: Map<u32, RoutedSession> = new Map<u32, RoutedSession>();
  stalled: Array<StalledRequest> = new Array<StalledRequest>();
  /**
   * Stalled requests that were denied (`error` says why), until the child asks (SessionCap); the
   * environment's stay, as in Genode: init asked for them, and the report shows them denied.
   */
  denied: Map<u32, StalledRequest> = new Map<u32, StalledRequest>();
  /** The child's session signal (SessionSigh): submitted when a stalled request was decided. */
  private sessionSignal: i32 = 0;
  /** The inline <config> of its start node, served as its `config` ROM; null without one. */
  configRom: RomModule | null = null;
  private exit: ExitHandler | null = null;

  readonly name: string;

  /** Counts every child this init ever created, restarts included: the report's `id`. */
  readonly id: u32 = ++childIds;
  /** Its exit value once it exited (the report's `exited`), else -1 with `exited` false. */
  exited: bool = false;
  exitCode: i32 = 0;

  /** Set when the config no longer wants it (removed, or replaced by a restart): it ends quietly. */
  abandoned: bool = false;
  /** Its heartbeat signal and unanswered probes (heartbeat.ts). */
  readonly heartbeat: HeartbeatState = new HeartbeatState();
  /** Too many skipped heartbeats: the next apply replaces it. */
  restartScheduled: bool = false;

  /** The label its binary's ROM was routed with, at its start: a different one after a change restarts it. */
  binaryLabel: string = "";

  /** What init gave it since its start and what it asked for (resources.ts). */
  readonly quota: ChildQuota = new ChildQuota();

  constructor(public start: Start, public model: InitConfig, readonly log: LogConnection) {
    super();
    this.name = start.name;
  }

  /** Where a request of this child goes: the route model's decision for its label as init sees it. */
  route(service: string, label: string): RouteDecision {
    return routeLabel(this.model, this.start, service, label, new RouteDecision());
  }

  /**
   * Creates the child's PD from its binary; false (with a log line) when that fails. Its
   * environment sessions are routed like any request, labelled with the bare child name: the
   * binary's ROM (routed under the binary's name) and the PD must reach init's parent, core.
   */
  launch(): bool {
    // Its environment, as Genode's init opens it: PD, CPU, LOG and the binary's ROM, each routed
    // by the child's rules with its bare name as label. CPU only where a route exists: Wasmode
    // schedules by activations and does not need it. A child whose environment cannot be routed
    // is not started: it stays "incomplete" until a new config gives it routes.
    const pdRoute = this.route("PD", this.name);
    if (pdRoute.kind != RouteKind.Parent) return this.refuse("PD", pdRoute);
    const rom = this.route("ROM", this.name);
    if (rom.kind == RouteKind.Child) {
      this.log.write(this.name + ": binary \"" + this.start.binary + "\" from \"" + rom.server + "\": only core serves binaries so far");
      return false;
    }
    if (rom.kind != RouteKind.Parent) return this.refuse("ROM", rom);
    const logRoute = this.route("LOG", this.name);
    if (logRoute.kind != RouteKind.Parent && logRoute.kind != RouteKind.Child) return this.refuse("LOG", logRoute);
    let exit = this.exit;
    if (exit == null) {
      exit = new ExitHandler(this);
      this.exit = exit;
      if (register(exit) < 0) return false;
    }
    if (this.cap == 0 && manage(this) < 0) return false;
    this.binaryLabel = rom.serverLabel;
    const pd = openSession(this, EnvSession.Pd, "PD", this.name, ENV_RAM, ENV_CAPS, "");
    const binary = openSession(this, EnvSession.Binary, "ROM", this.name, ENV_RAM, ENV_CAPS, "");
    if (pd != Err.Ok || binary != Err.Ok) {
      this.log.write("child \"" + this.name + "\": environment " + (pd != Err.Ok ? "PD" : "ROM") + " session denied");
      return false;
    }
    if (this.route("CPU", this.name).kind != RouteKind.Denied) openSession(this, EnvSession.Cpu, "CPU", this.name, ENV_RAM, ENV_CAPS, "");
    // LOG may wait for a sibling that has not announced it yet: the child starts all the same and
    // its log lines are held until the session is there.
    openSession(this, EnvSession.Log, "LOG", this.name, ENV_RAM, ENV_CAPS, "");
    if (this.start.node.child("affinity") != null && this.model.node.child("affinity-space") == null) {
      this.log.write(warningLine("affinity-space configuration missing, but affinity defined for child " + this.name));
    }
    // What init can give: its free quota less what it keeps for itself (<resource preserve>). More
    // than that is clipped with a warning; the report still shows what was configured.
    let ram = this.start.ram, caps = this.start.caps;
    const own = initQuota();
    if (own != null) {
      const ramLeft = own.ramAvail > this.model.preserveRam ? own.ramAvail - this.model.preserveRam : 0;
      const capsLeft = own.capsAvail > this.model.preserveCaps ? own.capsAvail - this.model.preserveCaps : 0;
      if (ram > ramLeft) {
        this.log.write(warningLine(this.name + ": configured RAM exceeds available RAM, proceed with " + byteSize(ramLeft)));
        ram = ramLeft;
      }
      if (caps > capsLeft) {
        this.log.write(warningLine(this.name + ": configured caps exceed available caps, proceed with " + capsLeft.toString()));
        caps = capsLeft;
      }
    }
    // The environment was paid out of the assignment.
    let envRam: u64 = 0, envCaps: u64 = 0;
    const ids = this.sessions.keys();
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= <u32>EnvSession.FirstFree) continue;
      const e = this.sessions.get(ids[i]);
      envRam += e.ram;
      envCaps += e.caps;
    }
    for (let i = 0; i < this.stalled.length; i++) {
      envRam += this.stalled[i].ram;
      envCaps += this.stalled[i].caps;
    }
    ram = ram > envRam ? ram - envRam : 0;
    caps = caps > envCaps ? caps - envCaps : 0;
    const parentCap = clientCap(this);
    const exitCap = submitCap(exit);
    const r = pdCreate(this.sessions.get(EnvSession.Pd).cap, this.name, <u32>min(ram, 0xffffffff), <u32>min(caps, 0xffffffff),
      this.sessions.get(EnvSession.Binary).cap, parentCap, exitCap, this.start.fuel);
    sys_drop(exitCap);
    if (r < 0) {
      const why = pdCreateError.length > 0 ? pdCreateError : "error " + r.toString();
      this.log.write("child \"" + this.name + "\" not started: " + why);
      return false;
    }
    this.control = r;
    this.quota.start(this.start.ram, this.start.caps);
    this.alive = true;
    return true;
  }

  private refuse(service: string, d: RouteDecision): bool {
    this.log.write(this.name + ": " + service + " environment session denied (label=\"" + this.name + "\"): " + d.reason);
    return false;
  }

  /** The parent interface, as the child calls it. */
  dispatch(op: i32): i32 {
    if (op == ParentOp.Session) {
      const id = msg.getU32(), service = msg.getString(), label = msg.getString();
      const ram = msg.getU32(), caps = msg.getU32(), args = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      // Environment sessions are init's to open: the child may only fetch them.
      if (id < <u32>EnvSession.FirstFree) return this.envSession(id);
      return openSession(this, id, service, prefixedLabel(this.name, label), ram, caps, args);
    }
    if (op == ParentOp.Close) {
      const id = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (id < <u32>EnvSession.FirstFree) { msg.begin(); return Err.Ok; }
      if (!this.sessions.has(id)) return Err.Invalid;
      closeSession(this, this.sessions.get(id), true);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.Announce) {
      const service = msg.getString();
      if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (!this.start.provide(service)) {
        this.log.write(this.name + ": illegal announcement of service \"" + service + "\"");
        return Err.Denied;
      }
      announce(new Announcement(service, this.name, msg.getCap(0)));
      // Whoever waited for this service gets its answer, but not within this call: the announcing
      // child is on the call chain, so its root could not be called now. A signal to ourselves
      // runs the retry as an activation of its own, after this call returned.
      retryLater(service);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.SessionSigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (this.sessionSignal > 0) sys_drop(this.sessionSignal);
      this.sessionSignal = msg.getCap(0);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.SessionCap) {
      const id = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (this.sessions.has(id)) {
        msg.begin();
        msg.putCap(this.sessions.get(id).cap);
        return Err.Ok;
      }
      if (this.denied.has(id)) {
        const why = this.denied.get(id).error;
        if (id >= <u32>EnvSession.FirstFree) this.denied.delete(id);
        return why;
      }
      for (let i = 0; i < this.stalled.length; i++) if (this.stalled[i].id == id) return Err.Pending;
      return Err.Invalid;
    }
    if (op == ParentOp.HeartbeatSigh || op == ParentOp.HeartbeatResponse) return heartbeatOp(this, op);
    if (op == ParentOp.DeliverSession || op == ParentOp.SessionResponse) return serverAnswerOp(this, op);
    if (op == ParentOp.Upgrade) return upgradeSession(this);
    if (op >= ParentOp.ResourceRequest && op <= ParentOp.YieldResponse) return resourceOp(this, op);
    return Err.BadOpcode;
  }

  /** The capability of environment session `id`, or Err.Pending while it waits for its server. */
  private envSession(id: u32): i32 {
    if (this.sessions.has(id)) {
      msg.begin();
      msg.putCap(this.sessions.get(id).cap);
      return Err.Ok;
    }
    for (let i = 0; i < this.stalled.length; i++) if (this.stalled[i].id == id) return Err.Pending;
    return this.denied.has(id) ? this.denied.get(id).error : Err.Denied;
  }

  /** Tries again the stalled requests for `service`; the child hears of each decision by its signal. */
  retry(service: string): void {
    const now = this.stalled;
    this.stalled = new Array<StalledRequest>();
    let decided = false;
    for (let i = 0; i < now.length; i++) {
      const r = now[i];
      // One that reached its server waits for that server's answer, not for an announcement.
      if (r.service != service || r.server != null) { this.stalled.push(r); continue; }
      const result = openSession(this, r.id, r.service, r.label, r.ram, r.caps, r.args);
      if (result == Err.Pending) continue;
      if (result < 0) this.deny(r, result);
      decided = true;
    }
    if (decided && this.sessionSignal > 0) sys_signal(this.sessionSignal);
  }

  /** Records why request `r` was denied, for the child's SessionCap and the report. */
  deny(r: StalledRequest, why: i32): void {
    r.error = why;
    this.denied.set(r.id, r);
    stateChanged();
  }

  /** Tells the child that a request was decided or a session ended (its SessionSigh signal). */
  notify(): void {
    if (this.sessionSignal > 0) sys_signal(this.sessionSignal);
  }

  /** The child goes: requests still at a server are left to that server's answer. */
  private orphanRequests(): void {
    for (let i = 0; i < this.stalled.length; i++) if (this.stalled[i].server != null) orphanRequest(this.stalled[i]);
    this.stalled.length = 0;
  }

  /** The config no longer wants this child: it is killed without a word, its sessions closed. */
  destroy(): void {
    this.abandoned = true;
    withdraw(this.name);
    serverGone(this);
    this.quota.release();
    if (this.alive) {
      this.alive = false;
      const ids = this.sessions.keys();
      for (let i = 0; i < ids.length; i++) closeSession(this, this.sessions.get(ids[i]), false);
    }
    this.orphanRequests();
    // Dropping the PD capability kills the child (if it still runs) and lets the kernel free it.
    if (this.control > 0) sys_drop(this.control);
    this.control = 0;
    if (this.heartbeat.signal > 0) sys_drop(this.heartbeat.signal);
    this.heartbeat.signal = 0;
    if (this.sessionSignal > 0) sys_drop(this.sessionSignal);
    this.sessionSignal = 0;
    const exit = this.exit;
    if (exit != null) unregister(exit);
    dissolve(this);
  }

  /** The exit signal fired: report how the child ended and release what it held. */
  died(): void {
    if (!this.alive || this.abandoned) return;
    const st = pdStatus(this.control);
    if (st.state == PdState.Running) return;
    this.alive = false;
    withdraw(this.name);
    serverGone(this);
    this.quota.release();
    const ids = this.sessions.keys();
    for (let i = 0; i < ids.length; i++) closeSession(this, this.sessions.get(ids[i]), false);
    this.orphanRequests();
    stateChanged();
    if (st.state == PdState.Exited) {
      this.exited = true;
      this.exitCode = st.code;
      this.log.write("child \"" + this.name + "\" exited with exit value " + st.code.toString());
      // <exit propagate="yes"/>: init itself ends with the child's exit value (Genode's E1).
      const rule = this.start.node.child("exit");
      if (rule != null && rule.attributeBool("propagate", false)) endInit(st.code);
    } else if (st.state == PdState.Faulted) {
      this.log.write("child \"" + this.name + "\" faulted");
    } else {
      this.log.write("child \"" + this.name + "\" was killed");
    }
  }
}

