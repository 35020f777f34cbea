// What a session of core's is paid with: the quota its client donated, and what core's state for it takes of that.
import { Err } from "../../abi.ts";
import type { Message } from "./message.ts";
//
// As in Genode, a session request donates RAM and capabilities; core takes what the session costs
// it (its endpoint, the signals it keeps) from that donation, never from its own quota: a session
// that would need more than was donated is refused with Err.Quota, and nothing changes.

/** What a session's endpoint takes of core's capabilities: every session of core's has one. */
export const ENDPOINT_CAPS = 1;

/** What one session costs core at its opening: RAM bytes and capabilities. */
export interface SessionCost {
  readonly ram: number;
  readonly caps: number;
}

export class SessionAccount {
  private usedRam = 0;
  private usedCaps = 0;

  /** `ram` and `caps`: what the client donated (upgrades add to it). */
  constructor(private ram: number, private caps: number) {}

  /** Whether the donation covers `ram` bytes and `caps` capabilities more. */
  covers(ram: number, caps: number): boolean {
    return this.usedRam + ram <= this.ram && this.usedCaps + caps <= this.caps;
  }

  /** Takes `ram` and `caps` of the donation; false, and nothing taken, when it does not cover them. */
  charge(ram: number, caps: number): boolean {
    if (!this.covers(ram, caps)) return false;
    this.usedRam += ram;
    this.usedCaps += caps;
    return true;
  }

  /** Gives back what charge() took once the state it paid for is gone. */
  release(ram: number, caps: number): void {
    this.usedRam = Math.max(0, this.usedRam - ram);
    this.usedCaps = Math.max(0, this.usedCaps - caps);
  }

  /** The client donated more (ParentOp.Upgrade). */
  upgrade(ram: number, caps: number): void {
    this.ram += ram;
    this.caps += caps;
  }
}

/**
 * A session keeps one more capability in core's space (a client's signal): paid from its donation.
 * False when that does not cover it, or when the session has no donation (core's own).
 */
export function chargeKept(account: SessionAccount | undefined): boolean {
  return account?.charge(0, 1) ?? false;
}

/**
 * The answer to a request whose signal the donation does not pay for: Err.Quota, with an empty
 * reply (the request's header would name the capability core drops after the call).
 */
export function refuseKeeping(msg: Message): number {
  msg.reply();
  return Err.Quota;
}

/** A capability chargeKept() paid for is gone: its share of the donation is free again. */
export function releaseKept(account: SessionAccount | undefined): void {
  account?.release(0, 1);
}
