// Core's ROM service: boot modules, named by the last element of the session label.
import { Err, Msg } from "../../abi.ts";
import { RomOp } from "../../../components/rom_session/protocol.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";

/** The module a ROM session label asks for: its last element (`init -> hello` asks for `hello`). */
export function romName(label: string): string {
  const i = label.lastIndexOf(" -> ");
  return i < 0 ? label : label.slice(i + 4);
}

export class RomSession implements Session {
  slot = 0;
  readonly module: string;
  /** Core's copy of the client's signal for changes of the module; 0 when none. */
  sigh = 0;

  constructor(private core: Core, readonly badge: number, readonly label: string) {
    this.module = romName(label);
  }

  get bytes(): Uint8Array | undefined { return this.core.rom(this.module); }

  dispatch(msg: Message): number {
    const bytes = this.bytes;
    switch (msg.op) {
      case RomOp.Info:
        if (!bytes) return Err.NotFound;
        msg.reply().putU32(bytes.length).putU32(this.core.romVersion(this.module));
        return Err.Ok;
      case RomOp.Read: {
        const offset = msg.u32(), length = msg.u32();
        if (!bytes) return Err.NotFound;
        if (offset > bytes.length) return Err.Invalid;
        const n = Math.min(length, bytes.length - offset, Msg.MaxPayload - 4);
        msg.reply().putBlob(bytes.subarray(offset, offset + n));
        return Err.Ok;
      }
      case RomOp.Sigh: {
        // Submitted when the module changes (core.updateRom: a new config for a running system).
        const cap = msg.cap(0);
        if (!cap || cap.unwrapped) return Err.BadMsg;
        if (this.sigh) this.core.k.k_drop(CORE_PD, this.sigh);
        this.sigh = cap.value;
        this.core.watchRom(this, true);
        msg.keep(0);
        msg.reply();
        return Err.Ok;
      }
      default:
        return Err.BadOpcode;
    }
  }

  close(): void {
    if (this.sigh) this.core.k.k_drop(CORE_PD, this.sigh);
    this.core.watchRom(this, false);
    this.sigh = 0;
  }
}

/** Core's ROM service: a session for every client, of the module its label names. */
export const romService: CoreServiceMaker = (core) => ({
  name: "ROM",
  open: (request) => openSession(core, (badge) => new RomSession(core, badge, request.label)),
});
