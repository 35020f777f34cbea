// Core's CPU service: a component's CPU session, routed and accounted like Genode's, with no calls yet.
import { Err } from "../../abi.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";

/** What a client donates for a CPU session (no protocol of its own yet): core's state of it and its endpoint. */
export const CPU_SESSION_RAM = 4096;

export class CpuSession implements Session {
  slot = 0;
  constructor(readonly badge: number, readonly label: string) {}

  dispatch(): number {
    return Err.BadOpcode;
  }
}

/**
 * Core's CPU service: part of a component's environment in Genode's terms; Wasmode schedules by
 * activations, so the session is there to be routed and accounted, and serves no calls.
 */
export const cpuService: CoreServiceMaker = (core) => ({
  name: "CPU",
  cost: { ram: CPU_SESSION_RAM, caps: ENDPOINT_CAPS },
  open: (request) => openSession(core, (badge) => new CpuSession(badge, request.label)),
});
