// Core's Report service: a component's reports (init's state report, say) reach the platform's report device.
//
// The protocol is report_rom's (components/report_session/protocol.ts ReportOp): the session
// args name a buffer size, Write fills the buffer in chunks, Submit publishes a prefix of it. The
// buffer is paid from the RAM the client donated, so a report can never be larger than that.
import { Err } from "../../abi.ts";
import { ReportOp } from "../../../components/report_session/protocol.ts";
import type { Core } from "./core.ts";
import { openSession, Refusal, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";

/** The buffer size the session args ask for (`buffer_size=4K`, Genode's syntax); 0 when absent or malformed. */
export function bufferSizeOf(args: string): number {
  for (const part of args.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== "buffer_size") continue;
    const m = /^(0x[0-9a-f]+|[0-9]+)([KMG]?)$/i.exec(part.slice(eq + 1).trim());
    if (!m) return 0;
    const n = Number(m[1]!) * 2 ** ({ "": 0, K: 10, M: 20, G: 30 }[m[2]!.toUpperCase()] ?? 0);
    return n <= 0xffff_ffff ? n : 0;
  }
  return 0;
}

export class ReportSession implements Session {
  slot = 0;
  private buffer: Uint8Array;

  constructor(private core: Core, readonly badge: number, readonly label: string, size: number) {
    this.buffer = new Uint8Array(size);
  }

  dispatch(msg: Message): number {
    switch (msg.op) {
      case ReportOp.Write: {
        const offset = msg.u32(), bytes = msg.blob();
        if (offset > this.buffer.length || bytes.length > this.buffer.length - offset) return Err.Invalid;
        this.buffer.set(bytes, offset);
        msg.reply();
        return Err.Ok;
      }
      case ReportOp.Submit: {
        const length = msg.u32();
        if (length > this.buffer.length) return Err.Invalid;
        this.core.submitReport(this.label, this.buffer.slice(0, length));
        msg.reply();
        return Err.Ok;
      }
      default:
        return Err.BadOpcode;
    }
  }
}

/** Core's Report service: the buffer is paid from the donation, so a client cannot make core hold more than it gave. */
export const reportService: CoreServiceMaker = (core) => ({
  name: "Report",
  // The buffer is the session's RAM: its size is checked against the donation at the opening.
  cost: { ram: 0, caps: ENDPOINT_CAPS },
  open(request) {
    const size = bufferSizeOf(request.args);
    if (size === 0) return new Refusal(Err.Denied, "the session arguments name no buffer_size");
    if (size > request.ram) return new Refusal(Err.Quota);
    return openSession(core, (badge) => new ReportSession(core, badge, request.label, size));
  },
});
