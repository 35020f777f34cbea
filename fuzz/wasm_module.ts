// Writes Wasm binaries from a plain description, so the fuzzer (and tests) can make modules of any shape, valid or not, without a text assembler.
import { Writer } from "../kernel/host/fuel/wasm_binary.ts";

export const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, FUNCREF = 0x70, EXTERNREF = 0x6f;

export interface Limits { min: number; max?: number | null }
export interface FuncType { params: number[]; results: number[] }
export type Import =
  | { module: string; name: string; kind: "func"; type: number }
  | { module: string; name: string; kind: "memory"; limits: Limits; flags?: number }
  | { module: string; name: string; kind: "global"; type: number; mutable: boolean };
export interface Func {
  type: number;
  /** Runs of locals: [count, value type]. */
  locals?: [number, number][];
  /** The body's instructions, `end` included. */
  body: number[] | Uint8Array;
}
export interface Global { type: number; mutable: boolean; init: number[] }
export interface Export { name: string; kind: "func" | "table" | "memory" | "global"; index: number }

/** A module as sections of parts; element and data segments are given as their encoded bytes. */
export interface ModuleDesc {
  types?: FuncType[];
  imports?: Import[];
  functions?: Func[];
  tables?: { ref: number; limits: Limits }[];
  globals?: Global[];
  exports?: Export[];
  start?: number;
  elements?: (number[] | Uint8Array)[];
  dataCount?: number;
  data?: (number[] | Uint8Array)[];
}

const KIND = { func: 0, table: 1, memory: 2, global: 3 } as const;

function limits(w: Writer, l: Limits, flags = 0): void {
  const max = l.max ?? null;
  w.u8(flags | (max === null ? 0 : 1));
  w.u32(l.min);
  if (max !== null) w.u32(max);
}

function section(out: Writer, id: number, write: (w: Writer) => void): void {
  const w = new Writer();
  write(w);
  out.u8(id);
  out.u32(w.length);
  out.bytes(w.finish());
}

function vec<T>(w: Writer, items: T[], each: (x: T) => void): void {
  w.u32(items.length);
  for (const x of items) each(x);
}

function name(w: Writer, s: string): void {
  const b = new TextEncoder().encode(s);
  w.u32(b.length);
  w.bytes(b);
}

/** The binary of `m`, sections in the spec's order, each only when it has something. */
export function encodeModule(m: ModuleDesc): Uint8Array {
  const out = new Writer(1 << 12);
  out.bytes(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
  if (m.types?.length) section(out, 1, (w) => vec(w, m.types!, (t) => { w.u8(0x60); vec(w, t.params, (p) => w.u8(p)); vec(w, t.results, (r) => w.u8(r)); }));
  if (m.imports?.length) {
    section(out, 2, (w) => vec(w, m.imports!, (i) => {
      name(w, i.module);
      name(w, i.name);
      w.u8(KIND[i.kind]);
      if (i.kind === "func") w.u32(i.type);
      else if (i.kind === "memory") limits(w, i.limits, i.flags ?? 0);
      else { w.u8(i.type); w.u8(i.mutable ? 1 : 0); }
    }));
  }
  if (m.functions?.length) section(out, 3, (w) => vec(w, m.functions!, (f) => w.u32(f.type)));
  if (m.tables?.length) section(out, 4, (w) => vec(w, m.tables!, (t) => { w.u8(t.ref); limits(w, t.limits); }));
  if (m.globals?.length) section(out, 6, (w) => vec(w, m.globals!, (g) => { w.u8(g.type); w.u8(g.mutable ? 1 : 0); w.bytes(Uint8Array.from(g.init)); }));
  if (m.exports?.length) section(out, 7, (w) => vec(w, m.exports!, (e) => { name(w, e.name); w.u8(KIND[e.kind]); w.u32(e.index); }));
  if (m.start !== undefined) section(out, 8, (w) => w.u32(m.start!));
  if (m.elements?.length) section(out, 9, (w) => vec(w, m.elements!, (e) => w.bytes(Uint8Array.from(e))));
  if (m.dataCount !== undefined) section(out, 12, (w) => w.u32(m.dataCount!));
  if (m.functions?.length) {
    section(out, 10, (w) => vec(w, m.functions!, (f) => {
      const body = new Writer();
      vec(body, f.locals ?? [], ([n, t]) => { body.u32(n); body.u8(t); });
      body.bytes(f.body instanceof Uint8Array ? f.body : Uint8Array.from(f.body));
      w.u32(body.length);
      w.bytes(body.finish());
    }));
  }
  if (m.data?.length) section(out, 11, (w) => vec(w, m.data!, (d) => w.bytes(Uint8Array.from(d))));
  return out.finish().slice();
}

/** A LEB128 of an unsigned 32-bit number, for instruction immediates. */
export function u32(x: number): number[] {
  const w = new Writer(8);
  w.u32(x >>> 0);
  return [...w.finish()];
}

/** A signed LEB128 of a 32-bit number (i32.const). */
export function s32(x: number): number[] {
  const w = new Writer(8);
  w.s32(x | 0);
  return [...w.finish()];
}

/**
 * A component's frame: `env.memory` of `memory` pages, the syscalls `exit` (function 0) and
 * `signal` (function 1), `__ipc_buffer` at 1024 (global 0) and `_start` running `start` (the last
 * function). `extra` adds to the frame: its functions come before `_start`, its types after the frame's.
 */
export function component(memory: Limits, start: number[], extra: ModuleDesc = {}): ModuleDesc {
  const types: FuncType[] = [{ params: [], results: [] }, { params: [I32], results: [] }, { params: [I32], results: [I32] }, ...(extra.types ?? [])];
  const imports: Import[] = [
    { module: "env", name: "memory", kind: "memory", limits: memory },
    { module: "wasmode", name: "exit", kind: "func", type: 1 },
    { module: "wasmode", name: "signal", kind: "func", type: 2 },
    ...(extra.imports ?? []),
  ];
  const functions = [...(extra.functions ?? []), { type: 0, body: [...start, 0x0b] }];
  const importedFuncs = imports.filter((i) => i.kind === "func").length;
  return {
    ...extra,
    types,
    imports,
    functions,
    globals: [{ type: I32, mutable: false, init: [0x41, ...s32(1024), 0x0b] }, ...(extra.globals ?? [])],
    exports: [{ name: "__ipc_buffer", kind: "global", index: 0 }, { name: "_start", kind: "func", index: importedFuncs + functions.length - 1 }, ...(extra.exports ?? [])],
  };
}
