// Core's CPU service: a component's CPU session, routed and accounted like Genode's, with no calls yet.
import { Err } from "../../abi.ts";
import type { Session } from "./session.ts";

export class CpuSession implements Session {
  slot = 0;
  constructor(readonly badge: number, readonly label: string) {}

  dispatch(): number {
    return Err.BadOpcode;
  }
}
