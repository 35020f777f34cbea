// The clock device's session (core's Clock): the time since boot and one alarm, for the timer component.
import { ClockOp, ClockSessionQuota } from "../clock_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

export class ClockConnection extends Connection {
  constructor() {
    super("Clock", "", ClockSessionQuota.Ram, ClockSessionQuota.Caps);
  }

  /** Microseconds since boot. */
  nowUs(): u64 {
    msg.begin(ClockOp.Now);
    if (call(this.cap) < 0) return 0;
    return msg.getU64();
  }

  /** Submits `signal` (a capability with the Signal right) `us` microseconds from now; replaces an armed alarm. */
  alarm(us: u32, signal: i32): i32 {
    msg.begin(ClockOp.Alarm);
    msg.putU32(us);
    msg.putCap(signal);
    return call(this.cap);
  }

  cancel(): i32 {
    msg.begin(ClockOp.Cancel);
    return call(this.cap);
  }
}
