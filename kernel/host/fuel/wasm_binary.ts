// Reading and writing the Wasm binary format: LEB128 numbers, sections, a growable output buffer.

/** A module the metering rewrite cannot take: names the section and what is wrong. */
export class WasmFormatError extends Error {
  constructor(readonly section: string, reason: string) {
    super(`${section}: ${reason}`);
  }
}

export const SectionId = {
  Custom: 0, Type: 1, Import: 2, Function: 3, Table: 4, Memory: 5, Global: 6, Export: 7, Start: 8,
  Element: 9, Code: 10, Data: 11, DataCount: 12, Tag: 13,
} as const;

/** Where each known section must stand relative to the others (the spec's order; tag after memory). */
export const SECTION_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

const UTF8 = new TextDecoder();

/** A cursor over bytes with the decoders the format needs; errors name `where` (a function: only built on failure). */
export class Reader {
  constructor(readonly bytes: Uint8Array, public pos: number, public end: number, public where: string | (() => string)) {}

  fail(reason: string): never {
    throw new WasmFormatError(typeof this.where === "string" ? this.where : this.where(), `${reason} (at byte ${this.pos})`);
  }

  get done(): boolean { return this.pos >= this.end; }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end");
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    const b = this.bytes;
    let result = 0, shift = 0;
    for (;;) {
      if (this.pos >= this.end) this.fail("unexpected end inside a number");
      const x = b[this.pos++]!;
      result |= (x & 0x7f) << shift;
      if ((x & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) {
        if (this.pos >= this.end) this.fail("unexpected end inside a number");
        const last = b[this.pos++]!;
        if (last & 0xf0) this.fail("number too long for 32 bits");
        return (result | (last << 28)) >>> 0;
      }
    }
  }

  /** Skips a signed or unsigned LEB128 of at most `bits` bits; returns its first byte. */
  skipLeb(bits: number): number {
    const first = this.pos;
    const max = Math.ceil(bits / 7);
    for (let i = 0; i < max; i++) {
      if (this.pos >= this.end) this.fail("unexpected end inside a number");
      if ((this.bytes[this.pos++]! & 0x80) === 0) return this.bytes[first]!;
    }
    return this.fail(`number longer than ${bits} bits`);
  }

  /** A signed LEB128 of at most 33 bits (a block type): the value, exact below 2^31. */
  s33(): number {
    let result = 0, shift = 0, x = 0;
    do {
      if (shift > 28) return this.fail("block type too long");
      x = this.u8();
      result |= (x & 0x7f) << shift;
      shift += 7;
    } while (x & 0x80);
    if (shift < 32 && x & 0x40) result |= -1 << shift;
    return result;
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail("unexpected end");
    this.pos += n;
  }

  /** A name: its bytes are skipped, its text returned. */
  name(): string {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    return UTF8.decode(this.bytes.subarray(start, start + len));
  }
}

/** An output buffer that grows as bytes are appended. */
export class Writer {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1024) { this.buf = new Uint8Array(capacity); }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(x: number): void {
    this.room(1);
    this.buf[this.length++] = x;
  }

  u32(x: number): void {
    this.room(5);
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (x !== 0);
  }

  s32(x: number): void {
    this.room(5);
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Appends src[from, to): short runs byte by byte, as a subarray costs more than copying them. */
  copy(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.room(n);
    const buf = this.buf;
    if (n < 64) {
      let at = this.length;
      for (let i = from; i < to; i++) buf[at++] = src[i]!;
    } else buf.set(src.subarray(from, to), this.length);
    this.length += n;
  }

  name(s: string): void {
    const b = new TextEncoder().encode(s); // (only the two names the rewrite adds)
    this.u32(b.length);
    this.bytes(b);
  }

  /** Reserves five bytes for a u32 written later by `patch` (a padded LEB128, which the format allows). */
  mark(): number {
    this.room(5);
    this.length += 5;
    return this.length - 5;
  }

  /** Writes at `at` (from `mark`) the number of bytes appended since. */
  patch(at: number): void {
    let x = this.length - at - 5;
    for (let i = 0; i < 4; i++, x >>>= 7) this.buf[at + i] = (x & 0x7f) | 0x80;
    this.buf[at + 4] = x;
  }

  finish(): Uint8Array { return this.buf.subarray(0, this.length); }
}

export interface Section { id: number; start: number; end: number }

/** The sections of a module, in file order, with their content ranges; checks the header. */
export function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmFormatError("header", "not a WebAssembly module (no \\0asm header)");
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) throw new WasmFormatError("header", "not version 1 of the binary format");
  const r = new Reader(bytes, 8, bytes.length, "sections");
  const out: Section[] = [];
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    out.push({ id, start, end: r.pos });
  }
  return out;
}
