// Core's Clock service: the clock device, one client at a time, one alarm that submits a signal.
import { Err } from "../../abi.ts";
import { ClockOp, ClockSessionQuota } from "../../../components/clock_session/protocol.ts";
import type { Clock } from "../devices/clock.ts";
import type { Core } from "./core.ts";
import { deviceService, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";

export class ClockSession implements Session {
  slot = 0;
  /** Core's copy of the signal the client gave for the alarm; 0 when none. */
  private signal = 0;
  account?: SessionAccount;

  constructor(private core: Core, private clock: Clock, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message): number {
    switch (msg.op) {
      case ClockOp.Now: {
        const us = Math.floor(this.clock.now() * 1000);
        msg.reply().putU32(us % 2 ** 32).putU32(Math.floor(us / 2 ** 32));
        return Err.Ok;
      }
      case ClockOp.Alarm: {
        const us = msg.u32();
        const cap = msg.cap(0);
        if (!cap || cap.unwrapped) return Err.BadMsg;
        // The signal is kept in core's capability space, paid from the session's donation: checked
        // before the alarm set now is cancelled, so a refusal changes nothing.
        if (!this.signal && !(this.account?.covers(0, 1) ?? false)) return refuseKeeping(msg);
        this.cancel();
        chargeKept(this.account);
        this.signal = cap.value;
        msg.keep(0);
        this.core.sys.deviceBusy(+1);
        this.clock.alarm(us / 1000, () => {
          this.core.sys.deviceBusy(-1);
          if (this.signal) this.core.k.k_signal(CORE_PD, this.signal);
          this.core.sys.schedule();
        });
        msg.reply();
        return Err.Ok;
      }
      case ClockOp.Cancel:
        this.cancel();
        msg.reply();
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  private cancel(): void {
    if (this.clock.armed) {
      this.clock.cancel();
      this.core.sys.deviceBusy(-1);
    }
    if (this.signal) {
      this.core.k.k_drop(CORE_PD, this.signal);
      releaseKept(this.account);
    }
    this.signal = 0;
  }

  close(): void {
    this.cancel();
  }
}

/** Core's Clock service: one device, one client; the timer component multiplexes it. */
export const clockService: CoreServiceMaker = (core) => deviceService(core, {
  name: "Clock",
  cost: { ram: ClockSessionQuota.Ram, caps: ENDPOINT_CAPS },
  device: () => core.clock,
  absent: "the platform has no clock device",
  inUse: "the clock device is in use",
  session: (clock, badge, label) => new ClockSession(core, clock, badge, label),
});
