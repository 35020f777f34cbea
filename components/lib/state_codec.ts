// The bytes of a live-state snapshot: StateWriter writes a component's state, StateReader reads it back in the next version.
//
// Every value goes with a one-byte kind, so a reader that asks for another kind than was written
// (a load that does not match its save) fails cleanly instead of reading garbage: malformed().
// Strings go as their UTF-16 code units, copied as they are in memory.
import { Connection } from "./connection.ts";
import { RpcObject, reinstateObject } from "./rpc.ts";
import { SignalHandler, reinstateHandler } from "./signal.ts";

const enum Kind { U8 = 1, U32, I32, U64, F64, Bool, String, Bytes, Strings, U32s, StringMap, Served, Handler, Connection }

export class StateWriter {
  private buf: usize = 0;
  private cap: u32 = 0;
  private pos: u32 = 0;

  constructor() { this.grow(256); }

  /** Gives its buffer back to the heap: the writer is not used after. */
  dispose(): void {
    if (this.buf != 0) heap.free(this.buf);
    this.buf = 0;
    this.cap = 0;
    this.pos = 0;
  }

  /** Bytes written so far. */
  get length(): u32 { return this.pos; }
  /** Where they are (valid until the next write). */
  get dataStart(): usize { return this.buf; }

  private grow(need: u32): void {
    let cap: u32 = this.cap == 0 ? 256 : this.cap;
    while (cap < need) cap <<= 1;
    const buf = heap.alloc(<usize>cap);
    if (this.buf != 0) {
      memory.copy(buf, this.buf, this.pos);
      heap.free(this.buf);
    }
    this.buf = buf;
    this.cap = cap;
  }

  private room(n: u32): usize {
    if (this.pos + n > this.cap) this.grow(this.pos + n);
    const at = this.buf + this.pos;
    this.pos += n;
    return at;
  }

  private kind(k: Kind): void { store<u8>(this.room(1), <u8>k); }
  private raw32(v: u32): void { store<u32>(this.room(4), v); }
  private rawString(s: string): void {
    const n = <u32>s.length << 1;
    this.raw32(n);
    memory.copy(this.room(n), changetype<usize>(s), n);
  }

  u8(v: u8): void { this.kind(Kind.U8); store<u8>(this.room(1), v); }
  u32(v: u32): void { this.kind(Kind.U32); this.raw32(v); }
  i32(v: i32): void { this.kind(Kind.I32); this.raw32(<u32>v); }
  u64(v: u64): void { this.kind(Kind.U64); store<u64>(this.room(8), v); }
  f64(v: f64): void { this.kind(Kind.F64); store<f64>(this.room(8), v); }
  bool(v: bool): void { this.kind(Kind.Bool); store<u8>(this.room(1), v ? 1 : 0); }
  string(s: string): void { this.kind(Kind.String); this.rawString(s); }
  bytes(b: Uint8Array): void {
    this.kind(Kind.Bytes);
    const n = <u32>b.length;
    this.raw32(n);
    memory.copy(this.room(n), b.dataStart, n);
  }
  strings(a: string[]): void {
    this.kind(Kind.Strings);
    this.raw32(<u32>a.length);
    for (let i = 0; i < a.length; i++) this.rawString(a[i]);
  }
  u32s(a: u32[]): void {
    this.kind(Kind.U32s);
    this.raw32(<u32>a.length);
    for (let i = 0; i < a.length; i++) this.raw32(a[i]);
  }
  stringMap(m: Map<string, string>): void {
    this.kind(Kind.StringMap);
    const keys = m.keys();
    this.raw32(<u32>keys.length);
    for (let i = 0; i < keys.length; i++) {
      this.rawString(keys[i]);
      this.rawString(m.get(keys[i]));
    }
  }
  /** A served object (a session, a root): its badge and capabilities, so the new instance serves it under the same badge. */
  served(obj: RpcObject): void {
    this.kind(Kind.Served);
    this.raw32(obj.badge);
    this.raw32(<u32>obj.cap);
    this.raw32(<u32>obj.clientCap);
  }
  /** A signal handler: its badge and capability. */
  handler(h: SignalHandler): void {
    this.kind(Kind.Handler);
    this.raw32(h.badge);
    this.raw32(<u32>h.cap);
  }
  /** A session this component holds as a client: its id and capability (or the Err it holds meanwhile). */
  connection(c: Connection): void {
    this.kind(Kind.Connection);
    this.raw32(c.id);
    this.raw32(<u32>c.cap);
  }
}

export class StateReader {
  private pos: u32 = 0;
  private failed: bool = false;

  constructor(private readonly at: usize, private readonly len: u32) {}

  /** True when a read ran past the end or met the wrong kind: the restore fails. */
  malformed(): bool { return this.failed; }
  /** True when every byte was read. */
  get done(): bool { return this.pos == this.len; }

  /** `n` bytes from the read position, or 0 (and malformed) past the end. */
  private take(n: u32): usize {
    if (this.failed || n > this.len - this.pos) {
      this.failed = true;
      return 0;
    }
    const p = this.at + this.pos;
    this.pos += n;
    return p;
  }

  private kind(k: Kind): bool {
    const p = this.take(1);
    if (p == 0) return false;
    if (load<u8>(p) != <u8>k) {
      this.failed = true;
      return false;
    }
    return true;
  }
  private raw32(): u32 {
    const p = this.take(4);
    return p == 0 ? 0 : load<u32>(p);
  }
  private rawString(): string {
    const n = this.raw32();
    if ((n & 1) != 0) this.failed = true;
    const p = this.take(n);
    return p == 0 ? "" : String.UTF16.decodeUnsafe(p, n);
  }
  /** A count of items of at least `each` bytes: more than the bytes left could hold is malformed. */
  private count(each: u32): u32 {
    const n = this.raw32();
    if (n > (this.len - this.pos) / each) {
      this.failed = true;
      return 0;
    }
    return n;
  }

  u8(): u8 { if (!this.kind(Kind.U8)) return 0; const p = this.take(1); return p == 0 ? 0 : load<u8>(p); }
  u32(): u32 { return this.kind(Kind.U32) ? this.raw32() : 0; }
  i32(): i32 { return this.kind(Kind.I32) ? <i32>this.raw32() : 0; }
  u64(): u64 { if (!this.kind(Kind.U64)) return 0; const p = this.take(8); return p == 0 ? 0 : load<u64>(p); }
  f64(): f64 { if (!this.kind(Kind.F64)) return 0; const p = this.take(8); return p == 0 ? 0 : load<f64>(p); }
  bool(): bool { if (!this.kind(Kind.Bool)) return false; const p = this.take(1); return p != 0 && load<u8>(p) != 0; }
  string(): string { return this.kind(Kind.String) ? this.rawString() : ""; }
  bytes(): Uint8Array {
    if (!this.kind(Kind.Bytes)) return new Uint8Array(0);
    const n = this.raw32();
    const p = this.take(n);
    const b = new Uint8Array(p == 0 ? 0 : n);
    if (p != 0) memory.copy(b.dataStart, p, n);
    return b;
  }
  strings(): string[] {
    const a = new Array<string>();
    if (!this.kind(Kind.Strings)) return a;
    const n = this.count(4);
    for (let i: u32 = 0; i < n && !this.failed; i++) a.push(this.rawString());
    return a;
  }
  u32s(): u32[] {
    const a = new Array<u32>();
    if (!this.kind(Kind.U32s)) return a;
    const n = this.count(4);
    for (let i: u32 = 0; i < n && !this.failed; i++) a.push(this.raw32());
    return a;
  }
  stringMap(): Map<string, string> {
    const m = new Map<string, string>();
    if (!this.kind(Kind.StringMap)) return m;
    const n = this.count(8);
    for (let i: u32 = 0; i < n && !this.failed; i++) {
      const k = this.rawString();
      m.set(k, this.rawString());
    }
    return m;
  }
  /** Re-registers `obj` under its old badge and capabilities: calls to it reach it in this instance. */
  served(obj: RpcObject): void {
    if (!this.kind(Kind.Served)) return;
    const badge = this.raw32(), cap = <i32>this.raw32(), clientCap = <i32>this.raw32();
    if (this.failed || badge == 0 || cap <= 0) { this.failed = true; return; }
    reinstateObject(obj, badge, cap, clientCap);
  }
  /** Re-registers `h` under its old badge and capability: its signals reach it in this instance. */
  handler(h: SignalHandler): void {
    if (!this.kind(Kind.Handler)) return;
    const badge = this.raw32(), cap = <i32>this.raw32();
    if (this.failed || badge == 0 || cap <= 0) { this.failed = true; return; }
    reinstateHandler(h, badge, cap);
  }
  /** Gives `c` its old id and capability; a session still pending is waited for again. */
  connection(c: Connection): void {
    if (!this.kind(Kind.Connection)) return;
    const id = this.raw32(), cap = <i32>this.raw32();
    if (this.failed) return;
    c.reinstate(id, cap);
  }
}
