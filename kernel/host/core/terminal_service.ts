// Core's Terminal service: the terminal device, one client at a time; input and resizes reach it as signals.
import { Err, Msg } from "../../abi.ts";
import { TerminalOp, TerminalSessionQuota } from "../../../components/terminal_session/protocol.ts";
import type { Terminal } from "../devices/terminal.ts";
import type { Core } from "./core.ts";
import { deviceService, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";

/** Most bytes one Read answers: the reply payload less the block's length word. */
export const TERMINAL_READ_MAX = Msg.MaxPayload - 4;

export class TerminalSession implements Session {
  slot = 0;
  /** Core's copies of the client's signals; 0 when none was given. */
  private readAvail = 0;
  private sizeChanged = 0;
  account?: SessionAccount;

  constructor(private core: Core, private terminal: Terminal, readonly badge: number, readonly label: string) {
    terminal.listen({ input: () => this.submit(this.readAvail), resize: () => this.submit(this.sizeChanged) });
  }

  dispatch(msg: Message): number {
    switch (msg.op) {
      case TerminalOp.Write: {
        const bytes = msg.blob();
        this.terminal.write(bytes);
        msg.reply();
        return bytes.length;
      }
      case TerminalOp.Read: {
        const max = msg.u32();
        // An error, not a silent cut: a client asking for more than a reply holds has a bug.
        if (max > TERMINAL_READ_MAX) return Err.Invalid;
        const bytes = this.terminal.read(max);
        msg.reply().putBlob(bytes);
        return bytes.length;
      }
      case TerminalOp.Avail:
        msg.reply();
        return this.terminal.avail();
      case TerminalOp.Size: {
        const { columns, rows } = this.terminal.size();
        msg.reply().putU32(columns).putU32(rows);
        return Err.Ok;
      }
      case TerminalOp.ReadAvailSigh:
      case TerminalOp.SizeChangedSigh: {
        const cap = msg.cap(0);
        if (!cap || cap.unwrapped || msg.capCount !== 1) return Err.BadMsg;
        // Kept in core's capability space: a signal replacing one is paid already, a first one from the donation.
        const held = msg.op === TerminalOp.ReadAvailSigh ? this.readAvail : this.sizeChanged;
        if (!held && !chargeKept(this.account)) return refuseKeeping(msg);
        msg.keep(0);
        if (msg.op === TerminalOp.ReadAvailSigh) {
          this.drop(this.readAvail);
          this.readAvail = cap.value;
          // Input typed before the client listened is not lost: it hears of it now.
          if (this.terminal.avail() > 0) this.submit(this.readAvail);
        } else {
          this.drop(this.sizeChanged);
          this.sizeChanged = cap.value;
        }
        msg.reply();
        return Err.Ok;
      }
      default:
        return Err.BadOpcode;
    }
  }

  private submit(signal: number): void {
    if (!signal) return;
    this.core.k.k_signal(CORE_PD, signal);
    this.core.sys.schedule();
  }

  /** Drops a signal replaced by another (still paid for: `release` false) or gone with the session. */
  private drop(signal: number, release = false): void {
    if (!signal) return;
    this.core.k.k_drop(CORE_PD, signal);
    if (release) releaseKept(this.account);
  }

  close(): void {
    this.terminal.listen(null);
    this.drop(this.readAvail, true);
    this.drop(this.sizeChanged, true);
    this.readAvail = this.sizeChanged = 0;
  }
}

/** Core's Terminal service: one device, one client; the terminal component multiplexes it. */
export const terminalService: CoreServiceMaker = (core) => deviceService(core, {
  name: "Terminal",
  cost: { ram: TerminalSessionQuota.Ram, caps: ENDPOINT_CAPS },
  device: () => core.terminal,
  absent: "the platform has no terminal device",
  inUse: "the terminal device is in use",
  session: (terminal, badge, label) => new TerminalSession(core, terminal, badge, label),
});
