// Timer sessions (the timer component): the time since boot and one timeout, one-shot or periodic, that submits a signal.
import { TimerOp, TimerSessionQuota } from "../timer_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

export class TimerConnection extends Connection {
  constructor(label: string = "") {
    super("Timer", label, TimerSessionQuota.Ram, TimerSessionQuota.Caps);
  }

  /** Microseconds since boot (0 when the call failed). */
  nowUs(): u64 {
    msg.begin(TimerOp.Now);
    if (call(this.cap) < 0) return 0;
    return msg.getU64();
  }

  /** The signal (a capability with the Signal right) the timeout submits; replaces an earlier one. */
  sigh(signal: i32): i32 {
    msg.begin(TimerOp.Sigh);
    msg.putCap(signal);
    return call(this.cap);
  }

  /** One timeout `us` microseconds from now, replacing whatever was set. */
  once(us: u32): i32 {
    msg.begin(TimerOp.Once);
    msg.putU32(us);
    return call(this.cap);
  }

  /** A timeout every `us` microseconds from now on, replacing whatever was set. */
  periodic(us: u32): i32 {
    msg.begin(TimerOp.Periodic);
    msg.putU32(us);
    return call(this.cap);
  }

  cancel(): i32 {
    msg.begin(TimerOp.Cancel);
    return call(this.cap);
  }
}
