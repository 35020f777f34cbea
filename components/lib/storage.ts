// Core's Storage session (the storage device): blobs by key, read in pieces, written and removed by atomic commits.
//
// Writes and removals are staged at core until commit(), which applies them all at once: after a
// crash the store holds every one of them or none. Calls that answer data return null on an error,
// its Err in lastError.
import { Err } from "../../kernel/abi.ts";
import { StorageLimit, StorageOp, StorageSessionQuota } from "../storage_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

/** A key the device holds, and the size of its blob. */
export class StorageEntry {
  constructor(readonly key: string, readonly size: u32) {}
}

export class StorageConnection extends Connection {
  /** The Err of the last call that answered data, or Err.Ok. */
  lastError: i32 = Err.Ok;

  constructor() {
    super("Storage", "", StorageSessionQuota.Ram, StorageSessionQuota.Caps);
  }

  /** Every key and its size, sorted by key; null on an error. */
  list(): Array<StorageEntry> | null {
    const out = new Array<StorageEntry>();
    for (;;) {
      msg.begin(StorageOp.List);
      msg.putU32(<u32>out.length);
      const n = call(this.cap);
      if (n < 0) { this.lastError = n; return null; }
      if (n == 0) break;
      for (let i = 0; i < n; i++) {
        const key = msg.getString();
        out.push(new StorageEntry(key, msg.getU32()));
      }
      if (msg.malformed()) { this.lastError = Err.BadMsg; return null; }
    }
    this.lastError = Err.Ok;
    return out;
  }

  /** The blob under `key` (of `size` bytes, as list() told), piece by piece; null on an error (Err.NotFound: no such key). */
  read(key: string, size: u32): Uint8Array | null {
    const out = new Uint8Array(<i32>size);
    let done: u32 = 0;
    while (done < size) {
      msg.begin(StorageOp.Read);
      msg.putString(key);
      msg.putU32(done);
      msg.putU32(min(<u32>StorageLimit.Chunk, size - done));
      const r = call(this.cap);
      if (r < 0) { this.lastError = r; return null; }
      const piece = msg.getBytes();
      // A blob shorter than told changed under us: an error, not a silently short file.
      if (msg.malformed() || piece.length == 0 || <u32>piece.length > size - done) { this.lastError = Err.BadMsg; return null; }
      out.set(piece, <i32>done);
      done += <u32>piece.length;
    }
    this.lastError = Err.Ok;
    return out;
  }

  /** Stages `bytes` as the new content of `key`. */
  write(key: string, bytes: Uint8Array): i32 {
    const size = <u32>bytes.length;
    let done: u32 = 0;
    do {
      const n = min(<u32>StorageLimit.Chunk, size - done);
      msg.begin(StorageOp.Write);
      msg.putString(key);
      msg.putU32(done);
      msg.putRaw(bytes.dataStart + done, n);
      const r = call(this.cap);
      if (r < 0) return r;
      done += n;
    } while (done < size);
    return Err.Ok;
  }

  /** Stages the removal of `key`. */
  remove(key: string): i32 {
    msg.begin(StorageOp.Remove);
    msg.putString(key);
    return call(this.cap);
  }

  /** Applies everything staged, atomically. */
  commit(): i32 {
    msg.begin(StorageOp.Commit);
    return call(this.cap);
  }

  /** Drops everything staged. */
  abort(): i32 {
    msg.begin(StorageOp.Abort);
    return call(this.cap);
  }
}
