// The File_system session's client side: a connection with the session's calls and whole-file helpers.
import { Err } from "../../kernel/abi.ts";
import { FsKind, FsOpen } from "./protocol.ts";
import { Connection } from "../lib/connection.ts";
import * as fs from "./client.ts";
import { FsEntry, FsStatus, SERVICE, SESSION_CAPS, SESSION_RAM, sessionArgs } from "./fs_session.ts";

export class FsConnection extends Connection {
  /** The Err of the last call that answered data (read, stat, list, readFile), or Err.Ok. */
  error: i32 = Err.Ok;

  /**
   * A File_system session labelled `label` ("/" by Genode's convention: the root asked for),
   * rooted at `root` below the policy's root, read-only unless `writeable` and the policy allow.
   */
  constructor(label: string = "/", root: string = "/", writeable: bool = true) {
    super(SERVICE, label, SESSION_RAM, SESSION_CAPS, sessionArgs(root, writeable));
  }

  open(path: string, flags: u32): i32 { return fs.open(this.cap, path, flags); }
  closeHandle(handle: i32): i32 { return fs.close(this.cap, handle); }

  read(handle: i32, offset: u64, length: u32): Uint8Array | null {
    const r = fs.read(this.cap, handle, offset, length);
    this.error = fs.lastError();
    return r;
  }

  write(handle: i32, offset: u64, bytes: Uint8Array): i32 { return fs.write(this.cap, handle, offset, bytes); }
  truncate(handle: i32, size: u64): i32 { return fs.truncate(this.cap, handle, size); }

  stat(path: string): FsStatus | null {
    const r = fs.stat(this.cap, path);
    this.error = fs.lastError();
    return r;
  }

  list(path: string): Array<FsEntry> {
    const r = fs.list(this.cap, path);
    this.error = fs.lastError();
    return r;
  }

  mkdir(path: string): i32 { return fs.mkdir(this.cap, path); }
  unlink(path: string): i32 { return fs.unlink(this.cap, path); }
  rename(from: string, to: string): i32 { return fs.rename(this.cap, from, to); }
  watch(path: string, signal: i32): i32 { return fs.watch(this.cap, path, signal); }
  unwatch(id: i32): i32 { return fs.unwatch(this.cap, id); }

  /** The whole file at `path`; null with `error` set when it cannot be read (Err.NotFound: no such file). */
  readFile(path: string): Uint8Array | null {
    const s = this.stat(path);
    if (s == null) return null;
    if (s.kind != FsKind.File) { this.error = Err.Type; return null; }
    const h = this.open(path, FsOpen.Read);
    if (h < 0) { this.error = h; return null; }
    // Read up to the end, whatever the size said: the file may have changed since.
    const out = this.read(h, 0, <u32>min(s.size, <u64>U32.MAX_VALUE));
    this.closeHandle(h);
    return out;
  }

  /** Replaces the file at `path` (created when missing) by `bytes`: their number, or an Err. */
  writeFile(path: string, bytes: Uint8Array): i32 {
    const h = this.open(path, FsOpen.Write | FsOpen.Create);
    if (h < 0) return h;
    let r = this.truncate(h, 0);
    if (r >= 0) r = this.write(h, 0, bytes);
    // Closing tells the file's watchers: after the whole content is in.
    this.closeHandle(h);
    return r;
  }

  writeText(path: string, text: string): i32 {
    return this.writeFile(path, Uint8Array.wrap(String.UTF8.encode(text)));
  }
}
