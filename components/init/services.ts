// Services children announced: the root capability of each (child, service) that routes may reach, and the requests init sends there.
import { Err, RootOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { sys_drop } from "../lib/syscalls.ts";

export class Announcement {
  constructor(readonly service: string, readonly provider: string, readonly root: i32) {}
}

export class Services {
  private announced: Array<Announcement> = new Array<Announcement>();
  private requestIds: u32 = 0;

  announce(a: Announcement): void {
    this.withdrawOne(a.provider, a.service);
    this.announced.push(a);
  }

  /** The root of `service` at the child named `provider`, or null while it has not announced it. */
  rootOf(provider: string, service: string): Announcement | null {
    for (let i = 0; i < this.announced.length; i++) {
      const a = unchecked(this.announced[i]);
      if (a.provider == provider && a.service == service) return a;
    }
    return null;
  }

  /** Forgets what a child announced (it died). */
  withdraw(provider: string): void {
    for (let i = this.announced.length - 1; i >= 0; i--) if (unchecked(this.announced[i]).provider == provider) this.forget(i);
  }

  /** A new id for a request to a child server: unique within this init, so an answer names one request. */
  newRequestId(): u32 { return ++this.requestIds; }

  /** Asks `provider` to close a session: Err.Ok when it is closed, Err.Pending when the server answers later. */
  closeAt(provider: string, service: string, cap: i32, serverId: u32): i32 {
    const a = this.rootOf(provider, service);
    if (a == null) return Err.Ok;
    msg.begin(RootOp.Close);
    msg.putCap(cap);
    msg.putU32(serverId);
    return call(a.root) == Err.Pending ? Err.Pending : Err.Ok;
  }

  private withdrawOne(provider: string, service: string): void {
    for (let i = this.announced.length - 1; i >= 0; i--) {
      const a = unchecked(this.announced[i]);
      if (a.provider == provider && a.service == service) this.forget(i);
    }
  }

  /** Removes announcement i and drops its root capability: an announcement repeated, or the child's death, would leak it. */
  private forget(i: i32): void {
    sys_drop(unchecked(this.announced[i]).root);
    this.announced.splice(i, 1);
  }
}
