// The Terminal session's calls over a session capability (Genode's Terminal::Session_client); writes go in chunks.
//
// Calls that answer a number return it or an Err. Calls that answer data (read, size) return it,
// or an empty result with the Err in lastError().
import { Err } from "../../kernel/abi.ts";
import { TerminalOp } from "./protocol.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { READ_MAX, TerminalSize, WRITE_CHUNK } from "./terminal_session.ts";

let error: i32 = Err.Ok;

/** The Err of the last call that answered data, or Err.Ok. */
export function lastError(): i32 { return error; }

/** Writes all of `bytes`, a chunk per call: the number written, or the Err of the chunk that failed. */
export function write(cap: i32, bytes: Uint8Array): i32 {
  const size = <u32>bytes.length;
  let done: u32 = 0;
  while (done < size) {
    const n = min(WRITE_CHUNK, size - done);
    msg.begin(TerminalOp.Write);
    msg.putRaw(bytes.dataStart + done, n);
    const r = call(cap);
    if (r < 0) return r;
    done += n;
  }
  return <i32>done;
}

/** The input available, up to `max` bytes (at most READ_MAX a call); empty when none, or on an error (lastError). */
export function read(cap: i32, max: u32): Uint8Array {
  error = Err.Ok;
  msg.begin(TerminalOp.Read);
  msg.putU32(min(max, READ_MAX));
  const r = call(cap);
  if (r < 0) {
    error = r;
    return new Uint8Array(0);
  }
  const bytes = msg.getBytes();
  if (msg.malformed()) error = Err.BadMsg;
  return bytes;
}

/** Input bytes available to read, or an Err. */
export function avail(cap: i32): i32 {
  msg.begin(TerminalOp.Avail);
  return call(cap);
}

/** Columns and rows; 0x0 on an error (lastError). */
export function size(cap: i32): TerminalSize {
  error = Err.Ok;
  msg.begin(TerminalOp.Size);
  const r = call(cap);
  if (r < 0) {
    error = r;
    return new TerminalSize(0, 0);
  }
  const columns = msg.getU32(), rows = msg.getU32();
  if (msg.malformed()) error = Err.BadMsg;
  return new TerminalSize(columns, rows);
}

/** The signal (a capability with the Signal right) submitted whenever input becomes available. */
export function readAvailSigh(cap: i32, signal: i32): i32 {
  msg.begin(TerminalOp.ReadAvailSigh);
  msg.putCap(signal);
  return call(cap);
}

/** The signal submitted whenever the size changes. */
export function sizeChangedSigh(cap: i32, signal: i32): i32 {
  msg.begin(TerminalOp.SizeChangedSigh);
  msg.putCap(signal);
  return call(cap);
}
