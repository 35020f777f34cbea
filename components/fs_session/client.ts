// The File_system session's calls over a session capability (Genode's Session_client); reads and writes go in chunks.
//
// Calls that answer a number return it or an Err. Calls that answer data (read, stat, list) return
// it, or null / an empty result with the Err in lastError().
import { Err } from "../../kernel/abi.ts";
import { FsOp } from "./protocol.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { FsEntry, FsStatus, READ_CHUNK, WRITE_CHUNK } from "./fs_session.ts";

let error: i32 = Err.Ok;

/** The Err of the last call that answered data, or Err.Ok. */
export function lastError(): i32 { return error; }

/** Opens the file at `path` (FsOpen flags): a handle, or an Err. */
export function open(cap: i32, path: string, flags: u32): i32 {
  msg.begin(FsOp.Open);
  msg.putString(path);
  msg.putU32(flags);
  return call(cap);
}

export function close(cap: i32, handle: i32): i32 {
  msg.begin(FsOp.Close);
  msg.putI32(handle);
  return call(cap);
}

/** Up to `length` bytes from `offset`, fewer at the end of the file; null (lastError) on an error. */
export function read(cap: i32, handle: i32, offset: u64, length: u32): Uint8Array | null {
  error = Err.Ok;
  const out = new Uint8Array(length);
  let done: u32 = 0;
  while (done < length) {
    msg.begin(FsOp.Read);
    msg.putI32(handle);
    msg.putU64(offset + done);
    msg.putU32(min(READ_CHUNK, length - done));
    const r = call(cap);
    if (r < 0) { error = r; return null; }
    const chunk = msg.getBytes();
    if (msg.malformed() || <u32>chunk.length > length - done) { error = Err.BadMsg; return null; }
    if (chunk.length == 0) break; // the end of the file
    out.set(chunk, done);
    done += <u32>chunk.length;
  }
  return done == length ? out : out.slice(0, <i32>done);
}

/** Writes `bytes` at `offset`: the number written, or the Err of the first chunk that failed. */
export function write(cap: i32, handle: i32, offset: u64, bytes: Uint8Array): i32 {
  const size = <u32>bytes.length;
  let done: u32 = 0;
  while (done < size || size == 0) {
    const n = min(WRITE_CHUNK, size - done);
    msg.begin(FsOp.Write);
    msg.putI32(handle);
    msg.putU64(offset + done);
    msg.putRaw(bytes.dataStart + done, n);
    const r = call(cap);
    if (r < 0) return r;
    done += n;
    if (size == 0) break; // an empty write still checks the handle
  }
  return <i32>done;
}

export function truncate(cap: i32, handle: i32, size: u64): i32 {
  msg.begin(FsOp.Truncate);
  msg.putI32(handle);
  msg.putU64(size);
  return call(cap);
}

/** What the node at `path` is; null (lastError) when it cannot be told. */
export function stat(cap: i32, path: string): FsStatus | null {
  error = Err.Ok;
  msg.begin(FsOp.Stat);
  msg.putString(path);
  const r = call(cap);
  if (r < 0) { error = r; return null; }
  const kind = msg.getI32(), size = msg.getU64(), version = msg.getU32();
  if (msg.malformed()) { error = Err.BadMsg; return null; }
  return new FsStatus(kind, size, version);
}

/** Every entry of the directory at `path`, sorted by name; empty with lastError set on an error. */
export function list(cap: i32, path: string): Array<FsEntry> {
  error = Err.Ok;
  const all = new Array<FsEntry>();
  while (true) {
    msg.begin(FsOp.List);
    msg.putString(path);
    msg.putU32(<u32>all.length);
    const n = call(cap);
    if (n < 0) { error = n; return new Array<FsEntry>(); }
    if (n == 0) return all;
    for (let i = 0; i < n; i++) {
      const name = msg.getString(), kind = msg.getI32();
      if (msg.malformed()) { error = Err.BadMsg; return new Array<FsEntry>(); }
      all.push(new FsEntry(name, kind));
    }
  }
  return all;
}

function pathCall(cap: i32, op: i32, path: string): i32 {
  msg.begin(op);
  msg.putString(path);
  return call(cap);
}

export function mkdir(cap: i32, path: string): i32 { return pathCall(cap, FsOp.Mkdir, path); }

export function unlink(cap: i32, path: string): i32 { return pathCall(cap, FsOp.Unlink, path); }

export function rename(cap: i32, from: string, to: string): i32 {
  msg.begin(FsOp.Rename);
  msg.putString(from);
  msg.putString(to);
  return call(cap);
}

/** Asks for `signal` (a capability with the Signal right) to be submitted when `path` changes: a watch id, or an Err. */
export function watch(cap: i32, path: string, signal: i32): i32 {
  msg.begin(FsOp.Watch);
  msg.putString(path);
  msg.putCap(signal);
  return call(cap);
}

export function unwatch(cap: i32, id: i32): i32 {
  msg.begin(FsOp.Unwatch);
  msg.putI32(id);
  return call(cap);
}
