// A child of init as init keeps it: its start from the config, its sessions and requests, its quota, heartbeat and end.
import { LogConnection } from "../lib/log.ts";
import { RomModule, RomSession } from "../lib/rom_server.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { ChildQuota } from "./child_quota.ts";
import { InitConfig, Start } from "./model/config_model.ts";
import { RouteDecision, routeLabel } from "./model/route_model.ts";
import { StateTrigger } from "./state_trigger.ts";

/** A session a child asked for, as init routed it, with the route it took (compared on reconfiguration). */
export class RoutedSession {
  /** The label as init saw it (child name in front) and the one the server saw. */
  label: string = "";
  serverLabel: string = "";
  /** The id the server knows the session by (RootOp payloads, its later answers); 0 unless a child serves it. */
  serverId: u32 = 0;
  /** Init asked the server to close it and the server answers later: CLOSE_REQUESTED. */
  closing: bool = false;
  /** The session's own arguments, as the child asked (the report's `session_args`). */
  args: string = "";

  constructor(
    // ram and caps: what the client donated so far, upgrades included.
    readonly id: u32, readonly service: string, readonly cap: i32, public ram: u32, public caps: u32,
    /** The child that serves it, or null when it went to init's parent or init serves it. */
    readonly server: Child | null, readonly parentId: u32,
    /** Set when init serves it itself (the child's config ROM). */
    readonly local: RomSession | null = null,
  ) {}
}

/** A request whose server is not there yet: decided when a child announces the service. */
export class StalledRequest {
  /** Set when the request reached its server, which answers later (its root said Err.Pending). */
  server: Child | null = null;
  serverId: u32 = 0;
  serverLabel: string = "";
  /** Why it was denied (an Err), once it was; the report shows it until the child asked. */
  error: i32 = 0;

  constructor(readonly id: u32, readonly service: string, readonly label: string, readonly ram: u32, readonly caps: u32, readonly args: string) {}
}

/** A child's side of the heartbeat (heartbeat.ts): its signal and how many probes it left unanswered. */
export class HeartbeatState {
  signal: i32 = 0;
  outstanding: u32 = 0;

  /** Skipped heartbeats as Genode counts them: all outstanding but the latest. */
  get skipped(): u32 { return this.outstanding > 1 ? this.outstanding - 1 : 0; }
}

/** What answers a child's calls of its parent interface (parent_interface.ts). */
export abstract class ParentCalls {
  abstract call(child: Child, op: i32): i32;
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
  /** Set once init logged that this child reached its bound of stalled requests (child_sessions.ts). */
  stallBoundLogged: bool = false;
  /** The child's session signal (SessionSigh): submitted when a stalled request was decided. */
  sessionSignal: i32 = 0;
  /** The inline <config> of its start node, served as its `config` ROM; null without one. */
  configRom: RomModule | null = null;
  /** Hears of the child's exit (child_lifecycle.ts); null until its first start. */
  exit: SignalHandler | null = null;

  readonly name: string;

  /** Its exit value once it exited (the report's `exited`), else -1 with `exited` false. */
  exited: bool = false;
  exitCode: i32 = 0;

  /** Set when the config no longer wants it (removed, or replaced by a restart): it ends quietly. */
  abandoned: bool = false;
  /** Its heartbeat signal and unanswered probes. */
  readonly heartbeat: HeartbeatState = new HeartbeatState();
  /** Too many skipped heartbeats, or torn in the middle of a call: the next apply replaces it. */
  restartScheduled: bool = false;
  /** Torn and replaced alone (reconfig.ts): its clients' sessions with it are stale, no reason to restart them. */
  tornAway: bool = false;

  /** The label its binary's ROM was routed with, at its start: a different one after a change restarts it. */
  binaryLabel: string = "";
  /** The binary it runs, as core told at its start: sha256 (hex) and origin ("image" or "local"); "" before. */
  binarySha256: string = "";
  binaryOrigin: string = "";

  /** What init gave it since its start and what it asked for (resources.ts). */
  readonly quota: ChildQuota = new ChildQuota();

  /** `id` counts every child this init ever created, restarts included: the report's `id`. */
  constructor(public start: Start, public model: InitConfig, readonly log: LogConnection, readonly id: u32,
    private parent: ParentCalls, private trigger: StateTrigger) {
    super();
    this.name = start.name;
  }

  /** Where a request of this child goes: the route model's decision for its label as init sees it. */
  route(service: string, label: string): RouteDecision {
    return routeLabel(this.model, this.start, service, label, new RouteDecision());
  }

  /** The parent interface, as the child calls it. */
  dispatch(op: i32): i32 {
    return this.parent.call(this, op);
  }

  /** Records why request `r` was denied, for the child's SessionCap and the report. */
  deny(r: StalledRequest, why: i32): void {
    r.error = why;
    this.denied.set(r.id, r);
    this.trigger.stateChanged();
  }

  /** Tells the child that a request was decided or a session ended (its SessionSigh signal). */
  notify(): void {
    if (this.sessionSignal > 0) sys_signal(this.sessionSignal);
  }
}
