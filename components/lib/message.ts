// Marshalling in the IPC buffer: requests and replies as words, strings and byte blocks.
//
// Encoding, shared with kernel/host/core/message.ts: 32-bit little-endian words; strings and
// byte blocks as a length word, the bytes, zero padding to a word. A server reads all of a
// request before it starts its reply: both live in the same buffer.
import { Msg } from "../../kernel/abi.ts";

/** The IPC buffer; components/lib/exports.ts exports it as `__ipc_buffer`. */
export const ipcBuffer: usize = memory.data(Msg.BufferSize, 16);

const payload: usize = ipcBuffer + Msg.Payload;
let writePos: u32 = 0;
/** True from begin() until the message goes out: then its length is the written bytes. */
let writing: bool = false;
let readPos: u32 = 0;
let readLen: u32 = 0;
/** Set when a read ran past the payload: the whole message is then malformed. */
let readFailed: bool = false;

// -- writing ------------------------------------------------------------------------------

/** Starts a request with `op`, or (op omitted) a reply. */
export function begin(op: i32 = 0): void {
  store<i32>(ipcBuffer + Msg.Opcode, op);
  store<u32>(ipcBuffer + Msg.Caps, 0);
  writePos = 0;
  writing = true;
  writeFailed = false;
}

/**
 * Fixes the length of the message about to go out (the length word is written once here, not
 * by every put). A message nobody began, such as a reply a handler did not write, goes out empty.
 */
export function seal(): void {
  if (!writing) store<u32>(ipcBuffer + Msg.Caps, 0);
  store<u32>(ipcBuffer + Msg.Length, writing ? writePos : 0);
  writing = false;
}

/**
 * Copies `len` bytes: a short block by 8-byte words (V8 compiles memory.copy to a call out of
 * Wasm, which costs more than the copy), forward only when that cannot overlap wrongly.
 */
@inline function copyBytes(dst: usize, src: usize, len: u32): void {
  if (len <= 256 && (dst <= src || dst >= src + len)) {
    let i: usize = 0;
    for (; i + 8 <= <usize>len; i += 8) store<u64>(dst + i, load<u64>(src + i));
    for (; i < <usize>len; i++) store<u8>(dst + i, load<u8>(src + i));
  } else {
    memory.copy(dst, src, len);
  }
}

/** False when the last put did not fit the buffer. */
let writeFailed: bool = false;
export function overflowed(): bool { return writeFailed; }

@inline function room(n: u32): bool {
  if (writePos + n > <u32>Msg.MaxPayload) { writeFailed = true; return false; }
  return true;
}

export function putU32(v: u32): void {
  if (!room(4)) return;
  store<u32>(payload + writePos, v);
  writePos += 4;
}

export function putI32(v: i32): void { putU32(<u32>v); }

export function putU64(v: u64): void {
  putU32(<u32>v);
  putU32(<u32>(v >> 32));
}

/** A block of `len` bytes at `ptr`. */
export function putRaw(ptr: usize, len: u32): void {
  if (!room(4 + ((len + 3) & ~3))) return;
  putU32(len);
  memory.copy(payload + writePos, ptr, len);
  memory.fill(payload + writePos + len, 0, ((len + 3) & ~3) - len);
  writePos += (len + 3) & ~3;
}

export function putBytes(b: Uint8Array): void { putRaw(b.dataStart, <u32>b.length); }

/** `len` bytes at `ptr` as they are, without a length word: for fixed-size records both sides know. */
export function putBlock(ptr: usize, len: u32): void {
  if (!room((len + 3) & ~3)) return;
  copyBytes(payload + writePos, ptr, len);
  writePos += (len + 3) & ~3;
}

export function putString(s: string): void {
  const n = <u32>String.UTF8.byteLength(s);
  if (!room(4 + ((n + 3) & ~3))) return;
  putU32(n);
  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, payload + writePos);
  memory.fill(payload + writePos + n, 0, ((n + 3) & ~3) - n);
  writePos += (n + 3) & ~3;
}

/** Transfers a capability with the message. */
export function putCap(slot: i32): void {
  const n = load<u32>(ipcBuffer + Msg.Caps);
  if (n >= <u32>Msg.MaxCaps) { writeFailed = true; return; }
  store<i32>(ipcBuffer + Msg.Cap0 + (n << 2), slot);
  store<u32>(ipcBuffer + Msg.Caps, n + 1);
}

// -- reading ------------------------------------------------------------------------------

/** Starts reading the message now in the buffer (a request a server got, or a reply). */
export function read(): void {
  writing = false;
  readPos = 0;
  readLen = load<u32>(ipcBuffer + Msg.Length);
  if (readLen > <u32>Msg.MaxPayload) readLen = 0;
  readFailed = false;
  writeFailed = false;
  if (load<u32>(ipcBuffer + Msg.Caps) != 0) noteArrived();
}

// Capabilities the message last read brought as new slots, until taken with getCap: the SDK drops
// the rest (components/lib/rpc.ts), or a peer could fill this component's capability space by
// attaching capabilities to calls it never looks at.
const arrived: usize = memory.data(<i32>Msg.MaxCaps * 4, 4);
let arrivedMask: u32 = 0;

function noteArrived(): void {
  const n = capCount(), unwrapped = load<u32>(ipcBuffer + Msg.Unwrapped);
  for (let i: u32 = 0; i < n; i++) {
    if ((unwrapped >> i) & 1) continue;
    store<i32>(arrived + (i << 2), load<i32>(ipcBuffer + Msg.Cap0 + (i << 2)));
    arrivedMask |= 1 << i;
  }
}

/** Capabilities of the last message read that arrived as new slots and were not taken yet (bit i: capability i). */
@inline export function untaken(): u32 { return arrivedMask; }

/** Slots that arrived with the last message read and were not taken (bit i: capability i); forgets them. */
export function takeUntaken(): u32 {
  const m = arrivedMask;
  arrivedMask = 0;
  return m;
}

/** The slot of capability i of the last message read, as it arrived. */
export function arrivedSlot(i: u32): i32 { return load<i32>(arrived + (i << 2)); }

/** True when a read ran past the end: the message was malformed. */
export function malformed(): bool { return readFailed; }

/** Payload bytes not read yet (optional trailing fields are read only when there). */
export function remaining(): u32 { return readFailed ? 0 : readLen - readPos; }

/** The result word: a server's return value, as the reply carries it. */
export function result(): i32 { return load<i32>(ipcBuffer + Msg.Opcode); }
export function opcode(): i32 { return load<i32>(ipcBuffer + Msg.Opcode); }
/** The payload length: of the message being written, or of the one read. */
export function length(): u32 { return writing ? writePos : load<u32>(ipcBuffer + Msg.Length); }

export function getU32(): u32 {
  // A failed read makes the message malformed: later reads give zeros, never stale bytes.
  if (readFailed || readPos + 4 > readLen) { readFailed = true; return 0; }
  const v = load<u32>(payload + readPos);
  readPos += 4;
  return v;
}

export function getI32(): i32 { return <i32>getU32(); }

export function getU64(): u64 {
  const lo = <u64>getU32();
  return lo | (<u64>getU32() << 32);
}

export function getBytes(): Uint8Array {
  const n = getU32();
  if (readFailed || n > readLen - readPos) { readFailed = true; return new Uint8Array(0); }
  const b = new Uint8Array(n);
  memory.copy(b.dataStart, payload + readPos, n);
  readPos += (n + 3) & ~3;
  if (readPos > readLen) readPos = readLen;
  return b;
}

export function getString(): string {
  const n = getU32();
  if (readFailed || n > readLen - readPos) { readFailed = true; return ""; }
  const s = String.UTF8.decodeUnsafe(payload + readPos, n);
  readPos += (n + 3) & ~3;
  if (readPos > readLen) readPos = readLen;
  return s;
}

/** Copies the next `len` bytes (a fixed-size record, see putBlock) to `ptr`; false when the message is shorter. */
export function getBlock(ptr: usize, len: u32): bool {
  if (readFailed || len > readLen - readPos) { readFailed = true; return false; }
  copyBytes(ptr, payload + readPos, len);
  readPos += (len + 3) & ~3;
  if (readPos > readLen) readPos = readLen;
  return true;
}

/** Number of capabilities the message carries. */
export function capCount(): u32 {
  const n = load<u32>(ipcBuffer + Msg.Caps);
  return n > <u32>Msg.MaxCaps ? 0 : n;
}

/** Capability `i`: a slot of this component's, or a badge when it arrived unwrapped. -1 when absent. */
export function getCap(i: u32): i32 {
  if (i >= capCount()) return -1;
  const cap = load<i32>(ipcBuffer + Msg.Cap0 + (i << 2));
  if (((arrivedMask >> i) & 1) != 0 && load<i32>(arrived + (i << 2)) == cap) arrivedMask &= ~(1 << i);
  return cap;
}

/** True when capability `i` arrived unwrapped: it names an endpoint this component serves, by badge. */
export function capUnwrapped(i: u32): bool {
  return ((load<u32>(ipcBuffer + Msg.Unwrapped) >> i) & 1) != 0;
}
