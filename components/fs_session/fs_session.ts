// The File_system session interface: its name, session args, quotas and chunk sizes, shared by fs, fs_rom and clients.
//
// A File_system session sees the subtree its server's <policy> gives it (`root`), read-only unless
// the policy says `writeable="yes"`. The protocol is protocol.ts FsOp: synchronous calls, each
// carrying at most one IPC buffer's payload, so the client helpers read and write in chunks.
//
// Session args, in Genode's argument-string syntax (all optional):
//   root=/sub       a directory below the policy's root becomes the session's root
//   writeable=no    a read-only session even where the policy allows writing
// The label's last element is, by Genode's convention since 25.02, the root the client asked for:
// FsConnection uses "/" so that `label_suffix="client -> /"` policies match.
import { Msg } from "../../kernel/abi.ts";
import { FsSessionQuota } from "./protocol.ts";

export const SERVICE = "File_system";

/** RAM a client donates: the server's bookkeeping of the session (handles, watches). */
export const SESSION_RAM: u32 = FsSessionQuota.Ram;
/**
 * Capabilities a client donates by default (FsConnection): the session's (protocol.ts
 * FsSessionQuota) and WATCH_CAPS for the signals of its watches.
 */
export const WATCH_CAPS: u32 = 4;
export const SESSION_CAPS: u32 = FsSessionQuota.Caps + WATCH_CAPS;

/** Most bytes one Read replies: the payload less the block's length word. */
export const READ_CHUNK: u32 = <u32>Msg.MaxPayload - 4;

/** Most bytes one Write carries: the payload less handle, offset (two words) and the block's length word. */
export const WRITE_CHUNK: u32 = <u32>Msg.MaxPayload - 16;

/** The longest path a server accepts, in bytes, and the longest element of one. */
export const MAX_PATH: i32 = 1024;
export const MAX_NAME: i32 = 255;

/** Handles and watches one session may hold at a time (more answer Err.NoSpace). */
export const MAX_HANDLES: i32 = 64;
export const MAX_WATCHES: i32 = 64;

/** Session args asking for a sub-root and, optionally, a read-only session. */
export function sessionArgs(root: string, writeable: bool): string {
  const args = root.length > 0 && root != "/" ? "root=" + root : "";
  if (writeable) return args;
  return args.length > 0 ? args + ", writeable=no" : "writeable=no";
}

/** The value of `key` in Genode's argument string `args`, or null when absent. Quotes around it are dropped. */
export function argValue(args: string, key: string): string | null {
  const parts = args.split(",");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    const eq = part.indexOf("=");
    if (eq < 0 || part.substring(0, eq).trim() != key) continue;
    let v = part.substring(eq + 1).trim();
    if (v.length >= 2 && v.charCodeAt(0) == 0x22 && v.charCodeAt(v.length - 1) == 0x22) v = v.substring(1, v.length - 1);
    return v;
  }
  return null;
}

/** What Stat tells of a node. */
export class FsStatus {
  constructor(readonly kind: i32, readonly size: u64, readonly version: u32) {}
}

/** One directory entry as List tells it. */
export class FsEntry {
  constructor(readonly name: string, readonly kind: i32) {}
}
