// A connection: a session asked of the parent, closed when done. Session clients extend it.
import { sys_drop } from "./syscalls.ts";
import * as parent from "./parent.ts";

export class Connection {
  /** The session capability, or an Err when the session could not be had. */
  cap: i32;
  /** The id this component names the session by to its parent. */
  readonly id: u32 = parent.newSessionId();

  constructor(readonly service: string, readonly label: string, ramQuota: u32, capQuota: u32, args: string = "") {
    this.cap = parent.session(this.id, service, label, ramQuota, capQuota, args);
  }

  get ok(): bool { return this.cap > 0; }

  close(): void {
    if (this.cap <= 0) return;
    parent.close(this.id);
    sys_drop(this.cap);
    this.cap = 0;
  }
}
