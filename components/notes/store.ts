// The notes on disk: each client's directory in the service's own File_system session, read and written whole.
//
// The store holds the session's capability slot, not a connection object, so that a swapped-in
// instance takes it over as it is (main.ts's state hooks carry the slot).
import { Err } from "../../kernel/abi.ts";
import * as fs from "../fs_session/client.ts";
import { FsKind, FsOpen } from "../fs_session/protocol.ts";
import { NotesLimit } from "../notes_session/protocol.ts";

export class Store {
  /** The Err of the last read that failed, or Err.Ok. */
  error: i32 = Err.Ok;

  constructor(public cap: i32) {}

  /** Makes the directory `dir` when missing: Err.Ok or the Err that refused it. */
  makeDir(dir: string): i32 {
    const r = fs.mkdir(this.cap, dir);
    return r == Err.Exists ? Err.Ok : r < 0 ? r : Err.Ok;
  }

  /** The names in `dir`, sorted; empty with fs.lastError() set when it cannot be listed. */
  names(dir: string): Array<string> {
    const entries = fs.list(this.cap, dir);
    const out = new Array<string>();
    for (let i = 0; i < entries.length; i++) if (entries[i].kind == FsKind.File) out.push(entries[i].name);
    return out;
  }

  /** The file at `path` as text, or null (`error` says why). */
  read(path: string): string | null {
    const st = fs.stat(this.cap, path);
    if (st == null) { this.error = fs.lastError(); return null; }
    // A note is a file no longer than a text may be; anything else there is no note.
    if (st.kind != FsKind.File || st.size > <u64>NotesLimit.Text) { this.error = Err.NotFound; return null; }
    const h = fs.open(this.cap, path, FsOpen.Read);
    if (h < 0) { this.error = h; return null; }
    const bytes = fs.read(this.cap, h, 0, <u32>st.size);
    this.error = fs.lastError();
    fs.close(this.cap, h);
    return bytes == null ? null : String.UTF8.decode(bytes.buffer);
  }

  /** Replaces the file at `path` (made when missing) by `text`: Err.Ok or an Err. */
  write(path: string, text: string): i32 {
    const h = fs.open(this.cap, path, FsOpen.Write | FsOpen.Create);
    if (h < 0) return h;
    let r = fs.truncate(this.cap, h, 0);
    if (r >= 0) r = fs.write(this.cap, h, 0, Uint8Array.wrap(String.UTF8.encode(text)));
    fs.close(this.cap, h);
    return r < 0 ? r : Err.Ok;
  }

  /** Asks fs to submit `signal` whenever the file at `path` changes: a watch id, or an Err. */
  watch(path: string, signal: i32): i32 { return fs.watch(this.cap, path, signal); }

  unwatch(id: i32): void { fs.unwatch(this.cap, id); }

  /** True when a file is at `path`. */
  has(path: string): bool {
    const st = fs.stat(this.cap, path);
    return st != null && st.kind == FsKind.File;
  }
}
