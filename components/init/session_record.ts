// What init remembers of a child's sessions: the route each took, and the requests still waiting for a server.
import { RomSession } from "../lib/rom_server.ts";
import { Child } from "./child.ts";

/** A session a child asked for, as init routed it, with the route it took (compared on reconfiguration). */
export class RoutedSession {
  /** The label as init saw it (child name in front) and the one the server saw. */
  label: string = "";
  serverLabel: string = "";

  constructor(
    readonly id: u32, readonly service: string, readonly cap: i32, readonly ram: u32, readonly caps: u32,
    /** The child that serves it, or null when it went to init's parent or init serves it. */
    readonly server: Child | null, readonly parentId: u32,
    /** Set when init serves it itself (the child's config ROM). */
    readonly local: RomSession | null = null,
  ) {}
}

/** A request whose server is not there yet: decided when a child announces the service. */
export class StalledRequest {
  constructor(readonly id: u32, readonly service: string, readonly label: string, readonly ram: u32, readonly caps: u32, readonly args: string) {}
}
