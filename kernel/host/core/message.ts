// Core's reading and writing of messages in its IPC buffer: the host twin of the SDK's marshalling.
import { Msg } from "../../abi.ts";

/** A request whose payload does not decode: the call fails with Err.BadMsg. */
export class BadMessage extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Payload encoding, shared with components/lib/message.ts: 32-bit little-endian words;
 * strings and byte blocks as a length word, the bytes, zero padding to a word.
 */
export class Message {
  private pos = 0;
  private view: DataView;

  constructor(private words: Int32Array, private bytes: Uint8Array, private len: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get op(): number { return this.words[Msg.Opcode >> 2]!; }
  get capCount(): number { return this.words[Msg.Caps >> 2]!; }
  /** Transferred capability i: a slot of core's, or a badge when it arrived unwrapped. */
  cap(i: number): { value: number; unwrapped: boolean } | null {
    if (i >= this.capCount) return null;
    return { value: this.words[(Msg.Cap0 >> 2) + i]!, unwrapped: ((this.words[Msg.Unwrapped >> 2]! >>> i) & 1) === 1 };
  }

  /** Starts reading a new request of `len` payload bytes in the same buffer: core reuses one Message. */
  reset(len: number): this {
    this.pos = 0;
    this.len = len;
    this.kept = 0;
    return this;
  }

  /** Transferred capabilities the session keeps (bit i: capability i); core drops the others after the call. */
  kept = 0;
  /** The session keeps capability i: core must not drop it when the call ends. */
  keep(i: number): void { this.kept |= 1 << i; }

  /** Payload bytes not read yet: a field added at a request's end is optional to older clients. */
  get remaining(): number { return this.len - this.pos; }

  u32(): number {
    if (this.pos + 4 > this.len) throw new BadMessage("payload too short for a number");
    const v = this.view.getUint32(Msg.Payload + this.pos, true);
    this.pos += 4;
    return v;
  }
  /** A copy of the next byte block: the IPC buffer it lies in is the next message's too. */
  blob(): Uint8Array { return this.block().slice(); }
  /** The next string, decoded straight from the buffer (a copy for each would be garbage on every session request). */
  string(): string { return decoder.decode(this.block()); }
  /** The next byte block (a length word, the bytes, padding) as a view of the buffer. */
  private block(): Uint8Array {
    const n = this.u32();
    if (n > this.len - this.pos) throw new BadMessage(`length ${n} runs past the payload`);
    const b = this.bytes.subarray(Msg.Payload + this.pos, Msg.Payload + this.pos + n);
    this.pos += (n + 3) & ~3;
    return b;
  }

  /** Starts the reply: no payload, no capabilities. */
  reply(): this {
    this.pos = 0;
    this.words[Msg.Length >> 2] = 0;
    this.words[Msg.Caps >> 2] = 0;
    return this;
  }
  putU32(v: number): this {
    this.need(4);
    this.view.setUint32(Msg.Payload + this.pos, v >>> 0, true);
    this.pos += 4;
    this.words[Msg.Length >> 2] = this.pos;
    return this;
  }
  putBlob(b: Uint8Array): this {
    this.putU32(b.length);
    this.need(b.length);
    this.bytes.set(b, Msg.Payload + this.pos);
    this.bytes.fill(0, Msg.Payload + this.pos + b.length, Msg.Payload + ((this.pos + b.length + 3) & ~3));
    this.pos = (this.pos + b.length + 3) & ~3;
    this.words[Msg.Length >> 2] = this.pos;
    return this;
  }
  putString(s: string): this { return this.putBlob(encoder.encode(s)); }
  /** Adds a capability of core's to the reply; the kernel copies it without the Own right. */
  putCap(slot: number): this {
    const n = this.words[Msg.Caps >> 2]!;
    if (n >= Msg.MaxCaps) throw new BadMessage("too many capabilities in a reply");
    this.words[(Msg.Cap0 >> 2) + n] = slot;
    this.words[Msg.Caps >> 2] = n + 1;
    return this;
  }
  private need(n: number): void {
    if (this.pos + n > Msg.MaxPayload) throw new BadMessage("reply larger than the IPC buffer");
  }
}
