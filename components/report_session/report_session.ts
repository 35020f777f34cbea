// The Report session interface: its name, session args, quotas and chunking, shared by report_rom and its clients.
//
// A Report session carries one report: its label (the full label report_rom sees, e.g.
// `init -> state`) names the ROM module it writes. The protocol is protocol.ts ReportOp: the
// client fills the session's buffer with Write calls (a chunk of at most CHUNK bytes each, so a
// report may be larger than one IPC message), then Submit publishes the buffer's first bytes.
//
// Session args, in Genode's argument-string syntax: `buffer_size=N`, N the size of the report
// buffer in bytes (decimal or 0x-hex, optional K/M/G suffix: `buffer_size=4K`). Other
// comma-separated `key=value` arguments are ignored. A missing, malformed or zero buffer_size is
// denied (Err.Denied); a RAM donation smaller than the buffer gets Err.Quota.
import { Msg } from "../../kernel/abi.ts";
import { ReportSessionQuota } from "./protocol.ts";

export const SERVICE = "Report";

/** RAM a client donates besides its buffer: the server's bookkeeping of the session. */
export const SESSION_RAM: u32 = ReportSessionQuota.Ram;
/** Capabilities a client donates (protocol.ts ReportSessionQuota): what a server holds for the session. */
export const SESSION_CAPS: u32 = ReportSessionQuota.Caps;

/** Largest chunk one Write carries: the payload less its offset word and the bytes' length word. */
export const CHUNK: u32 = <u32>Msg.MaxPayload - 8;

/** The session args asking for a buffer of `bufferSize` bytes. */
export function sessionArgs(bufferSize: u32): string {
  return "buffer_size=" + bufferSize.toString();
}

/** The buffer size `args` ask for; 0 when absent or malformed (the session is then denied). */
export function bufferSizeOf(args: string): u32 {
  const parts = args.split(",");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    const eq = part.indexOf("=");
    if (eq < 0 || part.substring(0, eq).trim() != "buffer_size") continue;
    return parseSize(part.substring(eq + 1).trim());
  }
  return 0;
}

/** Genode's number syntax (decimal or 0x-hex, then K, M or G); 0 when malformed or above 4G-1. */
function parseSize(v: string): u32 {
  let end = v.length;
  let shift: u64 = 0;
  if (end > 0) {
    const last = v.charCodeAt(end - 1);
    if (last == 0x4b /* K */) shift = 10;
    else if (last == 0x4d /* M */) shift = 20;
    else if (last == 0x47 /* G */) shift = 30;
    if (shift != 0) end--;
  }
  let i = 0;
  let base: u64 = 10;
  if (end > 2 && v.charCodeAt(0) == 0x30 && (v.charCodeAt(1) == 0x78 || v.charCodeAt(1) == 0x58)) {
    base = 16;
    i = 2;
  }
  if (i >= end) return 0;
  let n: u64 = 0;
  for (; i < end; i++) {
    const d = digit(v.charCodeAt(i));
    if (d < 0 || <u64>d >= base) return 0;
    n = n * base + <u64>d;
    // Checked at every digit, so `n` never overflows u64 before the test.
    if (n > <u64>U32.MAX_VALUE) return 0;
  }
  n = n << shift;
  return n > <u64>U32.MAX_VALUE ? 0 : <u32>n;
}

function digit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
