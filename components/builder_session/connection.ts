// The Builder session's client side: start a build, follow its progress text, read its end.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { BuilderLimit, BuilderOp, BuilderSessionQuota, BuilderState } from "./protocol.ts";

export const SERVICE = "Builder";

export class BuildStatus {
  constructor(readonly state: u32, readonly finished: u32, readonly total: u32, readonly logLength: u32) {}
  get running(): bool { return this.state == BuilderState.Running; }
}

export class BuilderConnection extends Connection {
  /** How much of the progress text this client has read. */
  private logRead: u32 = 0;

  constructor(label: string = "") {
    super(SERVICE, label, BuilderSessionQuota.Ram, BuilderSessionQuota.Caps);
  }

  /** Starts building `names` (none: what changed) with `profile`; `signal` hears of progress. Err.Ok or an Err. */
  build(profile: string, mode: u32, flags: u32, names: Array<string>, signal: i32): i32 {
    msg.begin(BuilderOp.Build);
    msg.putString(profile);
    msg.putU32(mode);
    msg.putU32(flags);
    msg.putU32(<u32>names.length);
    for (let i = 0; i < names.length; i++) msg.putString(names[i]);
    msg.putCap(signal);
    const r = call(this.cap);
    if (r == Err.Ok) this.logRead = 0;
    return r;
  }

  /** The build's state; null when the builder cannot be asked. */
  status(): BuildStatus | null {
    msg.begin(BuilderOp.Status);
    if (call(this.cap) < 0) return null;
    return new BuildStatus(msg.getU32(), msg.getU32(), msg.getU32(), msg.getU32());
  }

  /** The progress text written since the last call (empty when there is none new). */
  newText(): string {
    const parts = new Array<string>();
    while (true) {
      msg.begin(BuilderOp.ReadLog);
      msg.putU32(this.logRead);
      const total = call(this.cap);
      if (total < 0) break;
      const piece = msg.getBytes();
      if (piece.length == 0) break;
      parts.push(String.UTF8.decode(piece.buffer));
      this.logRead += <u32>piece.length;
      if (this.logRead >= <u32>total || piece.length < BuilderLimit.Chunk) break;
    }
    return parts.join("");
  }
}
