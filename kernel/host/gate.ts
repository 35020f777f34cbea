// The IPC gates: small Wasm modules the host makes, through which a short call goes from memory to memory.
//
// A component's `call` syscall is its call gate, a Wasm function bound to its PD and its memory:
// a request without capabilities and of at most GATE_PAYLOAD bytes is loaded into the message
// registers (v128 globals of one hub instance, seL4's idea), k_call_short checks it in kernel.wasm
// Wasm to Wasm (through the hub's one-entry table, so a live kernel swap reaches every gate at once), and the host's `enter` (ipc.ts) runs the server through its serve gate, which
// stores the registers into the server's IPC buffer, calls its __dispatch and loads the reply back.
// Only gates touch the registers, and each masks the bytes past the message's length, so no byte
// a component did not send reaches another (the receiver's buffer holds zeroes past the length, up
// to 64 bytes, where the full path leaves the receiver's own older bytes past the last word). A JS frame (`enter`) stays between client and server:
// a trap unwinds to the nearest JS frame, and the server's must not take the client with it.
// Anything else (capabilities, a long payload, a PD object, a native server) takes the full path.
import { Err, KCall, Msg } from "../abi.ts";
import { Writer } from "./fuel/wasm_binary.ts";

/** Payload bytes the message registers hold: four v128. */
export const GATE_PAYLOAD = 64;

/** What `enter` answers a call gate besides Err.Ok (the reply is in the registers) and errors. */
export const enum GateStatus {
  /** The host wrote the whole reply into the client's IPC buffer already. */
  InPlace = 1,
}

/** The host's half of the fast path. */
export interface GateHost {
  /** Runs `server` for `client`'s call (the kernel's yes is given): Err.Ok, GateStatus.InPlace or an error. */
  enter(client: number, server: number, badge: number, op: number, len: number): number;
  /** The full path of `client`'s call through `slot` (ipc.ts ipcCall). */
  slow(client: number, slot: number): number;
}

export interface CallGate {
  /** The `call` syscall of one component. */
  readonly call: (slot: number) => number;
  /** Where its IPC buffer is: -1 (every call takes the full path) until the instance says. */
  readonly ipc: WebAssembly.Global;
}

export interface ServeGate {
  /**
   * Runs the server: bit 0 clear when the reply is in the registers, set when the host must finish
   * it from the IPC buffer; the bits above, the fuel the server spent on the call (its budget less
   * its counter), at most SPENT_MAX (then the host reads the counter itself).
   */
  readonly serve: (badge: number, op: number, len: number) => number;
}

/** The most fuel a serve gate reports in its result (above bit 0): 2^30 - 1. */
export const SPENT_MAX = 0x3fffffff;

/** The gates of one system: the hub holding the message registers and the two gate modules. */
export class Gates {
  private readonly hub: WebAssembly.Exports;
  private readonly host: WebAssembly.Imports[string];

  /** `callShort`: the kernel's k_call_short (kernelChanged puts another's in its place). */
  constructor(callShort: Function, host: GateHost) {
    const m = modules();
    this.hub = new WebAssembly.Instance(m.hub).exports;
    this.host = { enter: host.enter, slow: host.slow };
    this.kernelChanged(callShort);
  }

  /**
   * Every call gate reaches `callShort` from now on: the gates call the kernel through the hub's
   * table, so a live kernel swap changes one entry and no gate. A JS function (a test's kernel)
   * enters the table as a Wasm function by the link module, which imports it and exports it again.
   */
  kernelChanged(callShort: Function): void {
    const f = new WebAssembly.Instance(modules().link, { h: { call: callShort } }).exports.call;
    (this.hub.k as WebAssembly.Table).set(0, f);
  }

  /** The reply's result word, after a serve gate ran. */
  get result(): number { return (this.hub.result as WebAssembly.Global).value as number; }

  callGate(memory: WebAssembly.Memory, pd: number): CallGate {
    const x = new WebAssembly.Instance(modules().call, { env: { memory, pd }, h: this.host, mr: this.hub }).exports;
    return { call: x.call as (slot: number) => number, ipc: x.ipc as WebAssembly.Global };
  }

  /** `fuel` and `budget`: the server's fuel counter and budget (fuel/meter.ts), read after each call. */
  serveGate(memory: WebAssembly.Memory, ipc: number, dispatch: Function, fuel: WebAssembly.Global, budget: WebAssembly.Global): ServeGate {
    const x = new WebAssembly.Instance(modules().serve, { env: { memory, ipc }, c: { dispatch }, mr: this.hub, f: { fuel, budget } }).exports;
    (x.pages as WebAssembly.Global).value = memory.buffer.byteLength >>> 16;
    return { serve: x.serve as ServeGate["serve"] };
  }
}

interface GateModules { hub: WebAssembly.Module; call: WebAssembly.Module; serve: WebAssembly.Module; link: WebAssembly.Module }
let compiled: GateModules | null = null;

/** The four modules, compiled once and shared by every system. */
export function modules(): GateModules {
  compiled ??= {
    hub: new WebAssembly.Module(hubBytes()), call: new WebAssembly.Module(callGateBytes()),
    serve: new WebAssembly.Module(serveGateBytes()), link: new WebAssembly.Module(linkBytes()),
  };
  return compiled;
}

// ---- the binary format, just what the gates use ----

const I32 = 0x7f, I64 = 0x7e, V128 = 0x7b, FUNCREF = 0x70;
const enum Op {
  If = 0x04, End = 0x0b, Return = 0x0f, Call = 0x10, CallIndirect = 0x11, Select = 0x1b, LocalGet = 0x20, LocalSet = 0x21, LocalTee = 0x22,
  GlobalGet = 0x23, GlobalSet = 0x24, I32Load = 0x28, I32Store = 0x36, MemorySize = 0x3f, I32Const = 0x41, I64Const = 0x42,
  I32LtS = 0x48, I32Eq = 0x46, I32Ne = 0x47, I32LtU = 0x49, I32GtS = 0x4a, I32GtU = 0x4b, I32Sub = 0x6b, I32Or = 0x72, I32Shl = 0x74,
  I64ShrU = 0x88, I32WrapI64 = 0xa7, Simd = 0xfd,
}
const enum SimdOp { Load = 0x00, Store = 0x0b, Const = 0x0c, I8x16Splat = 0x0f, I8x16GtS = 0x27, And = 0x4e }
/** Registers m0..m3 are globals 1..4 of both gates, result 5, rlen 6 (imported in this order). */
const M0 = 1, RESULT = 5, RLEN = 6;
const LANES = Uint8Array.from({ length: 16 }, (_, i) => i);

/** Function bodies in a tiny assembler: each method appends one instruction. */
class Code {
  readonly w = new Writer(256);
  op(o: number, ...imm: number[]): this { this.w.u8(o); for (const x of imm) this.w.u32(x); return this; }
  i32(x: number): this { this.w.u8(Op.I32Const); this.w.s32(x); return this; }
  i64(x: number): this { this.w.u8(Op.I64Const); this.w.s32(x); return this; }
  mem(o: number, offset: number): this { return this.op(o, 2, offset); }
  simd(o: SimdOp, ...imm: number[]): this { this.w.u8(Op.Simd); this.w.u32(o); for (const x of imm) this.w.u32(x); return this; }
  v128(bytes: Uint8Array): this { this.simd(SimdOp.Const); this.w.bytes(bytes); return this; }
  /** With a v128 on the stack: keeps its lanes below (len local) - `from`, zeroes the rest. */
  mask(len: number, from: number): this {
    return this.op(Op.LocalGet, len).i32(from).op(Op.I32Sub).simd(SimdOp.I8x16Splat).v128(LANES).simd(SimdOp.I8x16GtS).simd(SimdOp.And);
  }
  /** Message registers from the payload of the IPC buffer at (local) `b`, masked to (local) `len` bytes. */
  loadRegs(b: number, len: number): this {
    for (let k = 0; k < 4; k++) this.op(Op.LocalGet, b).simd(SimdOp.Load, 0, Msg.Payload + 16 * k).mask(len, 16 * k).op(Op.GlobalSet, M0 + k);
    return this;
  }
  storeRegs(b: number): this {
    for (let k = 0; k < 4; k++) this.op(Op.LocalGet, b).op(Op.GlobalGet, M0 + k).simd(SimdOp.Store, 0, Msg.Payload + 16 * k);
    return this;
  }
}

function section(w: Writer, id: number, fill: (s: Writer) => void): void {
  w.u8(id);
  const at = w.mark();
  fill(w);
  w.patch(at);
}

function header(): Writer {
  const w = new Writer(512);
  w.bytes(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
  return w;
}

function types(w: Writer, sigs: [number[], number[]][]): void {
  section(w, 1, (s) => {
    s.u32(sigs.length);
    for (const [params, results] of sigs) {
      s.u8(0x60); s.u32(params.length); for (const p of params) s.u8(p);
      s.u32(results.length); for (const r of results) s.u8(r);
    }
  });
}

type Import = ["func", string, string, number] | ["memory", string, string] | ["global", string, string, number, boolean] | ["table", string, string];

function imports(w: Writer, list: Import[]): void {
  section(w, 2, (s) => {
    s.u32(list.length);
    for (const imp of list) {
      s.name(imp[1]); s.name(imp[2]);
      if (imp[0] === "func") { s.u8(0); s.u32(imp[3]); }
      else if (imp[0] === "memory") { s.u8(2); s.u8(0); s.u32(0); }
      else if (imp[0] === "table") { s.u8(1); s.u8(FUNCREF); s.u8(0); s.u32(1); }
      else { s.u8(3); s.u8(imp[3]); s.u8(imp[4] ? 1 : 0); }
    }
  });
}

/** The registers, in the order both gates import them. */
const REGISTERS: Import[] = [
  ["global", "mr", "m0", V128, true], ["global", "mr", "m1", V128, true], ["global", "mr", "m2", V128, true],
  ["global", "mr", "m3", V128, true], ["global", "mr", "result", I32, true], ["global", "mr", "rlen", I32, true],
];

function exports(w: Writer, list: [string, number, number][]): void {
  section(w, 7, (s) => { s.u32(list.length); for (const [name, kind, index] of list) { s.name(name); s.u8(kind); s.u32(index); } });
}

/** One function of type 0 with `locals` (groups of [count, type]) and `body`. */
function oneFunction(w: Writer, locals: [number, number][], body: Code, beforeCode: (w: Writer) => void): void {
  section(w, 3, (s) => { s.u32(1); s.u32(0); });
  beforeCode(w);
  section(w, 10, (s) => {
    s.u32(1);
    const at = s.mark();
    s.u32(locals.length);
    for (const [n, t] of locals) { s.u32(n); s.u8(t); }
    s.bytes(body.w.finish());
    s.u8(Op.End);
    s.patch(at);
  });
}

/** The hub: the message registers, zero at first, and the table whose one entry is the kernel's k_call_short. */
export function hubBytes(): Uint8Array<ArrayBuffer> {
  const w = header();
  section(w, 4, (s) => { s.u32(1); s.u8(FUNCREF); s.u8(1); s.u32(1); s.u32(1); });
  section(w, 6, (s) => {
    s.u32(6);
    for (let k = 0; k < 4; k++) { s.u8(V128); s.u8(1); s.u8(Op.Simd); s.u32(SimdOp.Const); s.bytes(new Uint8Array(16)); s.u8(Op.End); }
    for (let k = 0; k < 2; k++) { s.u8(I32); s.u8(1); s.u8(Op.I32Const); s.u8(0); s.u8(Op.End); }
  });
  exports(w, [...["m0", "m1", "m2", "m3", "result", "rlen"].map((n, i): [string, number, number] => [n, 3, i]), ["k", 1, 0]]);
  return w.finish().slice() as Uint8Array<ArrayBuffer>;
}

/** The link: imports `h.call` of k_call_short's type and exports it, a Wasm function the hub's table takes. */
export function linkBytes(): Uint8Array<ArrayBuffer> {
  const w = header();
  types(w, [[[I32, I32, I32, I32], [I64]]]);
  imports(w, [["func", "h", "call", 0]]);
  exports(w, [["call", 0, 0]]);
  return w.finish().slice() as Uint8Array<ArrayBuffer>;
}

/**
 * The call gate, `call(slot)`. Functions: 0 h.enter, 1 h.slow, 2 call; kernel.wasm's k_call_short is
 * entry 0 of the hub's table mr.k. Globals: 0 env.pd, 1..6 the registers, 7 ipc (its own, -1 until the host sets it).
 */
export function callGateBytes(): Uint8Array<ArrayBuffer> {
  const w = header();
  types(w, [[[I32], [I32]], [[I32, I32, I32, I32], [I64]], [[I32, I32, I32, I32, I32], [I32]], [[I32, I32], [I32]]]);
  imports(w, [["func", "h", "enter", 2], ["func", "h", "slow", 3], ["table", "mr", "k"], ["memory", "env", "memory"], ["global", "env", "pd", I32, false], ...REGISTERS]);
  const SLOT = 0, B = 1, LEN = 2, OP = 3, T = 4, ST = 5, R = 6, PD = 0, IPC = 7;
  const slow = (c: Code) => c.op(Op.GlobalGet, PD).op(Op.LocalGet, SLOT).op(Op.Call, 1).op(Op.Return);
  const c = new Code();
  // No buffer yet (a call while instantiating), capabilities or a long payload: the full path.
  c.op(Op.GlobalGet, IPC).op(Op.LocalTee, B).i32(-1).op(Op.I32Eq).op(Op.If, 0x40); slow(c).op(Op.End);
  c.op(Op.LocalGet, B).mem(Op.I32Load, Msg.Length).op(Op.LocalTee, LEN).i32(GATE_PAYLOAD).op(Op.I32GtU);
  c.op(Op.LocalGet, B).mem(Op.I32Load, Msg.Caps).op(Op.I32Or).op(Op.If, 0x40); slow(c).op(Op.End);
  c.op(Op.LocalGet, B).mem(Op.I32Load, Msg.Opcode).op(Op.LocalSet, OP);
  c.loadRegs(B, LEN);
  // The kernel decides; a PD object (KCall.Slow) goes the full path, an error goes back.
  c.op(Op.GlobalGet, PD).op(Op.LocalGet, SLOT).op(Op.LocalGet, OP).op(Op.LocalGet, LEN).i32(0).op(Op.CallIndirect, 1, 0).op(Op.LocalTee, R);
  c.op(Op.I32WrapI64).op(Op.LocalTee, T).i32(0).op(Op.I32LtS).op(Op.If, 0x40);
  c.op(Op.LocalGet, T).i32(KCall.Slow).op(Op.I32Eq).op(Op.If, 0x40); slow(c).op(Op.End);
  c.op(Op.LocalGet, T).op(Op.Return).op(Op.End);
  // enter(client, server, badge, op, len): Err.Ok leaves the reply in the registers.
  c.op(Op.GlobalGet, PD).op(Op.LocalGet, T).op(Op.LocalGet, R).i64(32).op(Op.I64ShrU).op(Op.I32WrapI64).op(Op.LocalGet, OP).op(Op.LocalGet, LEN).op(Op.Call, 0);
  c.op(Op.LocalTee, ST).op(Op.If, 0x40);
  // InPlace is Err.Ok to the component, anything else an error: select(st, 0, st != InPlace).
  c.op(Op.LocalGet, ST).i32(Err.Ok).op(Op.LocalGet, ST).i32(GateStatus.InPlace).op(Op.I32Ne).op(Op.Select).op(Op.Return).op(Op.End);
  c.op(Op.LocalGet, B).op(Op.GlobalGet, RESULT).mem(Op.I32Store, Msg.Opcode);
  c.op(Op.LocalGet, B).op(Op.GlobalGet, RLEN).mem(Op.I32Store, Msg.Length);
  c.op(Op.LocalGet, B).i32(0).mem(Op.I32Store, Msg.Caps);
  c.storeRegs(B);
  c.i32(Err.Ok);
  oneFunction(w, [[5, I32], [1, I64]], c, (s) => {
    section(s, 6, (g) => { g.u32(1); g.u8(I32); g.u8(1); g.u8(Op.I32Const); g.s32(-1); g.u8(Op.End); });
    exports(s, [["call", 0, 2], ["ipc", 3, IPC]]);
  });
  return w.finish().slice() as Uint8Array<ArrayBuffer>;
}

/**
 * The serve gate, `serve(badge, op, len)`: bit 0 clear with the reply in the registers, set when
 * the host must finish it (capabilities, a long payload, or the server's memory grew); above it
 * the fuel the call cost the server, capped at SPENT_MAX. Functions: 0 c.dispatch, 1 serve.
 * Globals: 0 env.ipc, 1..6 the registers, 7 f.fuel and 8 f.budget (the server's), 9 pages (the
 * memory's size the host knows).
 */
export function serveGateBytes(): Uint8Array<ArrayBuffer> {
  const w = header();
  types(w, [[[I32, I32, I32], [I32]]]);
  imports(w, [["func", "c", "dispatch", 0], ["memory", "env", "memory"], ["global", "env", "ipc", I32, false], ...REGISTERS,
    ["global", "f", "fuel", I32, true], ["global", "f", "budget", I32, true]]);
  const BADGE = 0, OP = 1, LEN = 2, B = 3, RL = 4, F = 5, SP = 6, IPC = 0, FUEL = 7, BUDGET = 8, PAGES = 9;
  const c = new Code();
  c.op(Op.GlobalGet, IPC).op(Op.LocalSet, B);
  c.op(Op.LocalGet, B).op(Op.LocalGet, OP).mem(Op.I32Store, Msg.Opcode);
  c.op(Op.LocalGet, B).op(Op.LocalGet, BADGE).mem(Op.I32Store, Msg.Badge);
  c.op(Op.LocalGet, B).op(Op.LocalGet, LEN).mem(Op.I32Store, Msg.Length);
  c.op(Op.LocalGet, B).i32(0).mem(Op.I32Store, Msg.Caps);
  c.storeRegs(B);
  c.op(Op.LocalGet, BADGE).op(Op.LocalGet, OP).op(Op.LocalGet, LEN).op(Op.Call, 0).op(Op.GlobalSet, RESULT);
  // spent = budget - max(fuel, 0), capped at SPENT_MAX, shifted above the status bit.
  c.op(Op.GlobalGet, FUEL).i32(0).op(Op.GlobalGet, FUEL).i32(0).op(Op.I32GtS).op(Op.Select).op(Op.LocalSet, F);
  c.op(Op.GlobalGet, BUDGET).op(Op.LocalGet, F).op(Op.I32Sub).op(Op.LocalTee, SP);
  c.i32(SPENT_MAX).op(Op.LocalGet, SP).i32(SPENT_MAX).op(Op.I32LtU).op(Op.Select).i32(1).op(Op.I32Shl).op(Op.LocalSet, SP);
  const finish = (k: Code) => k.op(Op.LocalGet, SP).i32(1).op(Op.I32Or).op(Op.Return);
  c.op(Op.MemorySize, 0).op(Op.GlobalGet, PAGES).op(Op.I32Ne).op(Op.If, 0x40);
  finish(c.op(Op.MemorySize, 0).op(Op.GlobalSet, PAGES)).op(Op.End);
  c.op(Op.LocalGet, B).mem(Op.I32Load, Msg.Length).op(Op.LocalTee, RL).i32(GATE_PAYLOAD).op(Op.I32GtU);
  finish(c.op(Op.LocalGet, B).mem(Op.I32Load, Msg.Caps).op(Op.I32Or).op(Op.If, 0x40)).op(Op.End);
  c.op(Op.LocalGet, RL).op(Op.GlobalSet, RLEN);
  c.loadRegs(B, RL);
  c.op(Op.LocalGet, SP);
  oneFunction(w, [[4, I32]], c, (s) => {
    section(s, 6, (g) => { g.u32(1); g.u8(I32); g.u8(1); g.u8(Op.I32Const); g.u8(0); g.u8(Op.End); });
    exports(s, [["serve", 0, 1], ["pages", 3, PAGES]]);
  });
  return w.finish().slice() as Uint8Array<ArrayBuffer>;
}
