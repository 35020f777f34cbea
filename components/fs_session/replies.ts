// The File_system session's replies that carry data, written alike by every server of the protocol (fs, src_fs).
import { Err, Msg } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { FsEntry, FsStatus } from "./fs_session.ts";

/** A List reply: the entries from index `first` that fit one payload; their number (0: no more). */
export function putEntries(entries: Array<FsEntry>, first: u32): i32 {
  msg.begin();
  let used: u32 = 0, n = 0;
  for (let i = first; i < <u32>entries.length; i++) {
    const e = entries[i];
    // A name (length word, bytes padded to a word) and its kind.
    const size = 8 + ((<u32>String.UTF8.byteLength(e.name) + 3) & ~3);
    if (used + size > <u32>Msg.MaxPayload) break;
    msg.putString(e.name);
    msg.putI32(e.kind);
    used += size;
    n++;
  }
  return n;
}

/** A Stat reply: kind, size, version. */
export function putStatus(st: FsStatus): i32 {
  msg.begin();
  msg.putI32(st.kind);
  msg.putU64(st.size);
  msg.putU32(st.version);
  return Err.Ok;
}
