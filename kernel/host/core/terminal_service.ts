// Core's Terminal service: the terminal device, one client at a time; input and resizes reach it as signals.
import { Err, Msg } from "../../abi.ts";
import { TerminalOp } from "../../../components/terminal_session/protocol.ts";
import type { Terminal } from "../devices/terminal.ts";
import type { Core } from "./core.ts";
import { deviceService, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";

/** Most bytes one Read answers: the reply payload less the block's length word. */
export const TERMINAL_READ_MAX = Msg.MaxPayload - 4;

export class TerminalSession implements Session {
  slot = 0;
  /** Core's copies of the client's signals; 0 when none was given. */
  private readAvail = 0;
  private sizeChanged = 0;

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

  private drop(signal: number): void {
    if (signal) this.core.k.k_drop(CORE_PD, signal);
  }

  close(): void {
    this.terminal.listen(null);
    this.drop(this.readAvail);
    this.drop(this.sizeChanged);
    this.readAvail = this.sizeChanged = 0;
  }
}

/** Core's Terminal service: one device, one client; the terminal component multiplexes it. */
export const terminalService: CoreServiceMaker = (core) => deviceService(core, {
  name: "Terminal",
  device: () => core.terminal,
  absent: "the platform has no terminal device",
  inUse: "the terminal device is in use",
  session: (terminal, badge, label) => new TerminalSession(core, terminal, badge, label),
});
