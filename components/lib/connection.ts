// A connection: a session asked of the parent, closed when done. Session clients extend it.
import { Err } from "../../kernel/abi.ts";
import { sys_drop } from "./syscalls.ts";
import * as parent from "./parent.ts";
import { Waiter, wait } from "./pending.ts";

/**
 * A session of `service`. Its capability may come at once or, when the server is not there yet,
 * later: then `pending` is true until ready() runs. Override ready() to go on from there.
 */
export class Connection extends Waiter {
  /** The session capability, or an Err when the session could not be had (Err.Pending meanwhile). */
  cap: i32;
  /** The id this component names the session by to its parent (set again by a live swap's restore). */
  id: u32;
  private waiting: bool = false;

  /** `id` 0 picks a new one; an EnvSession id asks for that session of the component's environment. */
  constructor(readonly service: string, readonly label: string, ramQuota: u32, capQuota: u32, args: string = "", id: u32 = 0) {
    super();
    this.id = id != 0 ? id : parent.newSessionId();
    this.cap = parent.session(this.id, service, label, ramQuota, capQuota, args);
  }

  get ok(): bool { return this.cap > 0; }
  get pending(): bool { return this.cap == Err.Pending; }

  /** Runs ready() once the parent decided: now if it has, else when it signals. */
  whenReady(): void {
    if (!this.pending) this.ready();
    else if (!this.waiting) {
      this.waiting = true;
      wait(this);
    }
  }

  /** The session is there (ok) or was denied (cap holds the Err). */
  ready(): void {}

  sessionId(): u32 { return this.id; }

  settle(result: i32): void {
    this.cap = result;
    this.waiting = false;
    this.ready();
  }

  /** Donates more quota to the server of this session; Err.Invalid while it is not there. */
  upgrade(ramQuota: u32, capQuota: u32): i32 {
    if (this.cap <= 0) return Err.Invalid;
    return parent.upgrade(this.id, ramQuota, capQuota);
  }

  /**
   * Takes the id and capability the instance this one took over from held (live_state.ts): a
   * session still pending is waited for again.
   */
  reinstate(id: u32, cap: i32): void {
    this.id = id;
    this.cap = cap;
    this.waiting = false;
    if (this.pending) {
      this.waiting = true;
      wait(this);
    }
  }

  close(): void {
    if (this.cap <= 0) return;
    parent.close(this.id);
    sys_drop(this.cap);
    this.cap = 0;
  }
}
