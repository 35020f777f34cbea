// A child's life as init leads it: its start (environment sessions, PD), its removal, and what its end releases.
import { EnvSession, Err, FaultKind, PdState } from "../../kernel/abi.ts";
import { LogSessionQuota } from "../log_session/protocol.ts";
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { exit as endInit } from "../lib/component.ts";
import { warningLine } from "../lib/log.ts";
import { originName, pdCreate, pdCreateError, pdCreateOrigin, pdCreateSha256, pdStatus } from "../lib/pd.ts";
import { romDataspace } from "../lib/rom.ts";
import { clientCap, dissolve, manage } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap, unregister } from "../lib/signal.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { SessionBroker } from "./child_sessions.ts";
import { Child } from "./child.ts";
import { RestartDue } from "./heartbeat.ts";
import { RouteDecision, RouteKind } from "./model/route_model.ts";
import { OwnQuota } from "./own_quota.ts";
import { byteSize } from "./report_format.ts";
import { ServerSide } from "./server_side.ts";
import { Services } from "./services.ts";
import { StateTrigger } from "./state_trigger.ts";

/**
 * What each environment session donates to its server: a page of RAM for the session's state and
 * one capability for its object (core's PD and CPU take no more). LOG and the binary's ROM may go
 * to a sibling, which needs its session protocol's quota. As in Genode, the child's assignment pays
 * for its environment: its PD gets what is assigned less these.
 */
const ENV_RAM: u32 = 4096;
const ENV_CAPS: u32 = 1;

/** Core's refusal of a binary capability of no ROM dataspace (kernel/host/core/pd_service.ts NOT_A_BINARY). */
const NOT_A_BINARY = "its binary must come from a ROM dataspace (or a ROM session of core's)";

class ExitHandler extends SignalHandler {
  constructor(readonly child: Child, private lifecycle: ChildLifecycle) { super(); }
  handle(count: u32): void { this.lifecycle.died(this.child); }
}

export class ChildLifecycle {
  constructor(private broker: SessionBroker, private serverSide: ServerSide, private services: Services,
    private ownQuota: OwnQuota, private trigger: StateTrigger, private restartDue: RestartDue) {}

  /**
   * Creates the child's PD from its binary; false (with a log line) when that fails. Its
   * environment sessions are routed like any request, labelled with the bare child name: the
   * binary's ROM (routed under the binary's name) and the PD must reach init's parent, core.
   */
  launch(c: Child): bool {
    // What it ran before is no longer what it runs.
    c.binarySha256 = "";
    c.binaryOrigin = "";
    // Its environment, as Genode's init opens it: PD, CPU, LOG and the binary's ROM, each routed
    // by the child's rules with its bare name as label. CPU only where a route exists: Wasmode
    // schedules by activations and does not need it. A child whose environment cannot be routed
    // is not started: it stays "incomplete" until a new config gives it routes.
    const pdRoute = c.route("PD", c.name);
    if (pdRoute.kind != RouteKind.Parent) return this.refuse(c, "PD", pdRoute);
    const rom = c.route("ROM", c.name);
    if (rom.kind == RouteKind.Child) {
      c.log.write(c.name + ": binary \"" + c.start.binary + "\" from \"" + rom.server + "\": only core serves binaries so far");
      return false;
    }
    if (rom.kind != RouteKind.Parent) return this.refuse(c, "ROM", rom);
    const logRoute = c.route("LOG", c.name);
    if (logRoute.kind != RouteKind.Parent && logRoute.kind != RouteKind.Child) return this.refuse(c, "LOG", logRoute);
    let exit = c.exit;
    if (exit == null) {
      exit = new ExitHandler(c, this);
      c.exit = exit;
      if (register(exit) < 0) return false;
    }
    if (c.cap == 0 && manage(c) < 0) return false;
    c.binaryLabel = rom.serverLabel;
    const pd = this.broker.open(c, EnvSession.Pd, "PD", c.name, ENV_RAM, ENV_CAPS, "");
    // The binary's ROM donates what any ROM server asks (its session protocol's quota): it may be
    // a component's (build_rom) rather than core's.
    const binary = this.broker.open(c, EnvSession.Binary, "ROM", c.name, RomSessionQuota.Ram, RomSessionQuota.Caps, "");
    if (pd != Err.Ok || binary != Err.Ok) {
      c.log.write("child \"" + c.name + "\": environment " + (pd != Err.Ok ? "PD" : "ROM") + " session denied");
      return false;
    }
    if (c.route("CPU", c.name).kind != RouteKind.Denied) this.broker.open(c, EnvSession.Cpu, "CPU", c.name, ENV_RAM, ENV_CAPS, "");
    // LOG may wait for a sibling that has not announced it yet: the child starts all the same and
    // its log lines are held until the session is there.
    this.broker.open(c, EnvSession.Log, "LOG", c.name, LogSessionQuota.Ram, LogSessionQuota.Caps, "");
    if (c.start.node.child("affinity") != null && c.model.node.child("affinity-space") == null) {
      c.log.write(warningLine("affinity-space configuration missing, but affinity defined for child " + c.name));
    }
    // What init can give: its free quota less what it keeps for itself (<resource preserve>). More
    // than that is clipped with a warning; the report still shows what was configured.
    let ram = c.start.ram, caps = c.start.caps;
    const own = this.ownQuota.now();
    if (own != null) {
      const ramLeft = own.ramAvail > c.model.preserveRam ? own.ramAvail - c.model.preserveRam : 0;
      const capsLeft = own.capsAvail > c.model.preserveCaps ? own.capsAvail - c.model.preserveCaps : 0;
      if (ram > ramLeft) {
        c.log.write(warningLine(c.name + ": configured RAM exceeds available RAM, proceed with " + byteSize(ramLeft)));
        ram = ramLeft;
      }
      if (caps > capsLeft) {
        c.log.write(warningLine(c.name + ": configured caps exceed available caps, proceed with " + capsLeft.toString()));
        caps = capsLeft;
      }
    }
    // The environment was paid out of the assignment.
    let envRam: u64 = 0, envCaps: u64 = 0;
    const ids = c.sessions.keys();
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= <u32>EnvSession.FirstFree) continue;
      const e = c.sessions.get(ids[i]);
      envRam += e.ram;
      envCaps += e.caps;
    }
    for (let i = 0; i < c.stalled.length; i++) {
      envRam += c.stalled[i].ram;
      envCaps += c.stalled[i].caps;
    }
    ram = ram > envRam ? ram - envRam : 0;
    caps = caps > envCaps ? caps - envCaps : 0;
    // As Genode's init: the binary's ROM session yields its dataspace, which core makes the PD of.
    // A server that has none for it (Err.NotFound, a ROM server of no binaries) leaves the ROM
    // session itself to core: core's own are binaries, core names why for any other.
    const romCap = c.sessions.get(EnvSession.Binary).cap;
    const ds = romDataspace(romCap);
    if (ds < 0 && ds != Err.NotFound && ds != Err.BadOpcode) {
      c.log.write("child \"" + c.name + "\" not started: " + c.start.binary + ": its ROM server gave no binary (error " + ds.toString() + ")");
      return false;
    }
    const parentCap = clientCap(c);
    const exitCap = submitCap(exit);
    const r = pdCreate(c.sessions.get(EnvSession.Pd).cap, c.name, <u32>min(ram, 0xffffffff), <u32>min(caps, 0xffffffff),
      ds > 0 ? ds : romCap, parentCap, exitCap, c.start.fuel, c.start.stack, c.start.probationMs);
    sys_drop(exitCap);
    if (ds > 0) sys_drop(ds);
    if (r < 0) {
      let why = pdCreateError.length > 0 ? pdCreateError : "error " + r.toString();
      if (ds == Err.NotFound && why == NOT_A_BINARY) why = c.start.binary + ": no such binary at its ROM server";
      c.log.write("child \"" + c.name + "\" not started: " + why);
      return false;
    }
    c.binarySha256 = pdCreateSha256;
    c.binaryOrigin = originName(pdCreateOrigin);
    c.control = r;
    c.quota.start(c.start.ram, c.start.caps);
    c.alive = true;
    return true;
  }

  private refuse(c: Child, service: string, d: RouteDecision): bool {
    c.log.write(c.name + ": " + service + " environment session denied (label=\"" + c.name + "\"): " + d.reason);
    return false;
  }

  /** The child goes: requests still at a server are left to that server's answer. */
  private orphanRequests(c: Child): void {
    for (let i = 0; i < c.stalled.length; i++) if (c.stalled[i].server != null) this.serverSide.orphanRequest(c.stalled[i]);
    c.stalled.length = 0;
  }

  /** The config no longer wants this child: it is killed without a word, its sessions closed. */
  destroy(c: Child): void {
    c.abandoned = true;
    this.services.withdraw(c.name);
    this.serverSide.serverGone(c);
    c.quota.release();
    if (c.alive) {
      c.alive = false;
      const ids = c.sessions.keys();
      for (let i = 0; i < ids.length; i++) this.broker.close(c, c.sessions.get(ids[i]), false);
    }
    this.orphanRequests(c);
    // Dropping the PD capability kills the child (if it still runs) and lets the kernel free it.
    if (c.control > 0) sys_drop(c.control);
    c.control = 0;
    if (c.heartbeat.signal > 0) sys_drop(c.heartbeat.signal);
    c.heartbeat.signal = 0;
    if (c.sessionSignal > 0) sys_drop(c.sessionSignal);
    c.sessionSignal = 0;
    const exit = c.exit;
    if (exit != null) unregister(exit);
    dissolve(c);
  }

  /** The exit signal fired: report how the child ended and release what it held. */
  died(c: Child): void {
    if (!c.alive || c.abandoned) return;
    const st = pdStatus(c.control);
    if (st.state == PdState.Running) return;
    c.alive = false;
    this.services.withdraw(c.name);
    this.serverSide.serverGone(c);
    c.quota.release();
    const ids = c.sessions.keys();
    for (let i = 0; i < ids.length; i++) this.broker.close(c, c.sessions.get(ids[i]), false);
    this.orphanRequests(c);
    // Genode reports an exit at once, whatever delay_ms says: a manager may react to it.
    this.trigger.stateChangedNow();
    if (st.state == PdState.Exited) {
      c.exited = true;
      c.exitCode = st.code;
      c.log.write("child \"" + c.name + "\" exited with exit value " + st.code.toString());
      // <exit propagate="yes"/>: init itself ends with the child's exit value (Genode's E1).
      const rule = c.start.node.child("exit");
      if (rule != null && rule.attributeBool("propagate", false)) endInit(st.code);
    } else if (st.state == PdState.Faulted && st.code == FaultKind.Updated) {
      // Its code was replaced without a state to carry (core's Update service): it starts again, on the new binary.
      c.log.write("child \"" + c.name + "\" was updated: restarting it");
      c.restartScheduled = true;
      this.restartDue.restart();
    } else if (st.state == PdState.Faulted) {
      c.log.write("child \"" + c.name + "\" faulted");
      // Torn in the middle of a call (a client left it no stack): not its own failure, and its heap
      // may be half updated, so it starts afresh as after a heartbeat restart (SEMANTICS.md §3, L10).
      if (st.code == FaultKind.Torn) {
        c.log.write("child \"" + c.name + "\" was torn in the middle of a call: restarting it");
        c.restartScheduled = true;
        this.restartDue.restart();
      }
    } else {
      c.log.write("child \"" + c.name + "\" was killed");
    }
  }
}
