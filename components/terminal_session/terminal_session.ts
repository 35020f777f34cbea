// The Terminal session interface: its name, quota and chunk sizes, shared by the terminal component and its clients.
//
// The protocol is protocol.ts TerminalOp, the same for core's Terminal (the device, one client)
// and the terminal component's (many). Bytes go out with Write; input is read with Read, at most
// READ_MAX bytes a call, after the read-available signal says some came; Size answers columns and
// rows, and the size-changed signal says when they change. No session args.
import { Msg } from "../../kernel/abi.ts";
import { TerminalSessionQuota } from "./protocol.ts";

export const SERVICE = "Terminal";

/** RAM a client donates: the server's bookkeeping of the session. */
export const SESSION_RAM: u32 = TerminalSessionQuota.Ram;
/** Capabilities a client donates (protocol.ts TerminalSessionQuota): what a server holds for the session. */
export const SESSION_CAPS: u32 = TerminalSessionQuota.Caps;

/** Most bytes one Read answers: the reply payload less the block's length word. More is Err.Invalid. */
export const READ_MAX: u32 = <u32>Msg.MaxPayload - 4;

/** Most bytes one Write carries: the payload less the block's length word. */
export const WRITE_CHUNK: u32 = <u32>Msg.MaxPayload - 4;

/** A terminal's size in character cells. */
export class TerminalSize {
  constructor(readonly columns: u32, readonly rows: u32) {}

  toString(): string { return this.columns.toString() + "x" + this.rows.toString(); }
}
