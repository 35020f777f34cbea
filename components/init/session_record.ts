// What init remembers of a child's sessions: the route each took, and the requests still waiting for a server.
import { RomSession } from "../lib/rom_server.ts";
import { Child } from "./child.ts";

/** A session a child asked for, as init routed it, with the route it took (compared on reconfiguration). */
export class RoutedSession {
  /** The label as init saw it (child name in front) and the one the server saw. */
  label: string = "";
  serverLabel: string = "";
  /** The id the server knows the session by (RootOp payloads, its later answers); 0 unless a child serves it. */
  serverId: u32 = 0;
  /** Init asked the server to close it and the server answers later: CLOSE_REQUESTED. */
  closing: bool = false;

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

let serverIds: u32 = 0;

/** A new id for a request to a child server: unique within this init, so an answer names one request. */
export function newServerId(): u32 { return ++serverIds; }
