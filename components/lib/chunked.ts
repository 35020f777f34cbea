// Bytes to and from a server in pieces the IPC buffer holds: staging (each piece at its offset, in order) and reading a whole output (each answer tells its size).

import { Err } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

/** The bytes read, or an Err (and no bytes) when a call failed, an answer was malformed or the output changed size meanwhile. */
export class ChunkedRead {
  constructor(readonly bytes: Uint8Array, readonly error: i32) {}
}

/**
 * Calls `op` on `cap` with `prefix` (u32 words naming what to read), then the offset and `chunk`
 * (the most bytes wanted), until the whole has come: the protocols of the compiler's outputs and
 * the signer's envelope read so.
 */
export function readChunked(cap: i32, op: i32, prefix: Array<u32>, chunk: u32): ChunkedRead {
  let out = new Uint8Array(0);
  let done: u32 = 0;
  for (;;) {
    msg.begin(op);
    for (let i = 0; i < prefix.length; i++) msg.putU32(prefix[i]);
    msg.putU32(done);
    msg.putU32(chunk);
    const total = call(cap);
    if (total < 0) return new ChunkedRead(new Uint8Array(0), total);
    const piece = msg.getBytes();
    if (msg.malformed() || <u32>piece.length > <u32>total - done) return new ChunkedRead(new Uint8Array(0), Err.BadMsg);
    if (out.length != total) {
      // The first answer tells the size; an output that changed size meanwhile starts over.
      if (done != 0) return new ChunkedRead(new Uint8Array(0), Err.Invalid);
      out = new Uint8Array(total);
    }
    out.set(piece, done);
    done += <u32>piece.length;
    if (done >= <u32>total || piece.length == 0) break;
  }
  return new ChunkedRead(done == <u32>out.length ? out : out.slice(0, <i32>done), Err.Ok);
}

/**
 * Stages `bytes` at `cap` by `op`, piece by piece of at most `chunk`: each call carries `path`
 * (unless null: the file it belongs to), the offset and the piece. An empty blob is one empty
 * piece (an empty file still exists). Err.Ok, or the first piece's Err.
 */
export function writeChunked(cap: i32, op: i32, path: string | null, bytes: Uint8Array, chunk: u32): i32 {
  const size = <u32>bytes.length;
  let done: u32 = 0;
  do {
    const n = min(chunk, size - done);
    msg.begin(op);
    if (path != null) msg.putString(path!);
    msg.putU32(done);
    msg.putRaw(bytes.dataStart + done, n);
    const r = call(cap);
    if (r < 0) return r;
    done += n;
  } while (done < size);
  return Err.Ok;
}
