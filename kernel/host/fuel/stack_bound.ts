// The stack a module's code may take: frames on its deepest non-recursive call path, and guards that bound the stack its recursion takes.
//
// A function no cycle of calls reaches (an indirect call counted as a call of every function a
// table can hold whose signature it names) appears at most once on any stack, so the deepest stack of such functions is the
// heaviest path through the call graph's condensation: a static bound (STACK_BASE_EXPORT). Each
// function on a cycle gets a guard (meter.ts): the guard takes the index the function had, so every
// call, table entry and export reaches it; it adds the two frames to the module's recursion stack
// counter, traps past the limit the host set (STACK_LIMIT_EXPORT, `<start stack>`), calls the
// function's body (moved to an index of its own) and takes the frames off again. A component's
// stack is then at most its base plus its limit, which the host sums along the call chain (stack.ts).
//
// Frames are bounded by a model of V8's (measured with Liftoff, its larger frames, and TurboFan on
// x64: a 1-parameter function takes 55 bytes, each i64 local 8 more, each parameter about 17, once
// in its own frame and once in its caller's outgoing area), with a margin of 8 spilled operands.
import type { BodyScan } from "./body_scan.ts";
import { onCycles, type Graph } from "./call_graph.ts";
import { Writer } from "./wasm_binary.ts";

/** The exported globals of the stack bound: the recursion stack in use, its limit, and the static base. */
export const STACK_EXPORT = "__wasmode_stack";
export const STACK_LIMIT_EXPORT = "__wasmode_stack_limit";
export const STACK_BASE_EXPORT = "__wasmode_stack_base";
/** The recursion stack a component may take unless its `<start stack>` says otherwise, in bytes. */
export const DEFAULT_STACK_LIMIT = 64 << 10;

/** An upper bound of the bytes V8 gives a frame of a function with `params` parameters and `locals` locals. */
export function frameBytes(params: number, locals: number): number {
  return 32 + 16 * params + 8 * locals + 8 * 8;
}

export interface StackPlan {
  /** Functions on a cycle of calls: each is guarded. */
  guarded: Uint8Array;
  /** What a call through a guard function adds to the recursion stack: the body's frame and the guard's. */
  charge: Int32Array;
  /** What a function guarded in its own body (a threaded one: meter.ts) adds: its frame. */
  frame: Int32Array;
  /** The deepest stack of unguarded functions, in bytes. */
  base: number;
}

/**
 * Plans the guards of `bodies` (defined functions; function index = imported + position).
 * `params[i]` is the number of parameters function i has after the rewrite (a threaded one's
 * counter included); `tabled` marks functions a table can hold; `signatures[t]` names type t's
 * parameters and results (equal for equal types: an indirect call checks the signature, not the
 * index), `funcTypes[i]` is function i's type.
 */
export function planStack(bodies: BodyScan[], imported: number, params: number[], tabled: Uint8Array, signatures: string[], funcTypes: number[]): StackPlan {
  const n = bodies.length;
  // The functions a table can hold, by signature.
  const tabledBy = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (!tabled[i]) continue;
    const key = signatures[funcTypes[i]!]!;
    const list = tabledBy.get(key);
    if (list) list.push(i); else tabledBy.set(key, [i]);
  }
  const allTabled = [...tabledBy.values()].flat();
  // The calls, an indirect one as a call of every function a table can hold of its signature.
  const start = new Int32Array(n + 1);
  const to: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const f of bodies[i]!.callees) if (f >= imported && f - imported < n) to.push(f - imported);
    const named = new Set<string>();
    for (const t of bodies[i]!.indirectTypes) {
      const key = signatures[t];
      if (key === undefined) { for (const j of allTabled) to.push(j); continue; }
      if (named.has(key)) continue;
      named.add(key);
      for (const j of tabledBy.get(key) ?? []) to.push(j);
    }
    start[i + 1] = to.length;
  }
  const graph: Graph = { start, to: Int32Array.from(to) };
  const order: number[] = [];
  const guarded = onCycles(graph, order);
  const frame = (i: number) => frameBytes(params[i]!, bodies[i]!.locals + 2);
  const charge = new Int32Array(n), frames = new Int32Array(n);
  for (let i = 0; i < n; i++) if (guarded[i]) { frames[i] = frame(i); charge[i] = frame(i) + frameBytes(params[i]!, 0); }
  // The heaviest path from each function: a guarded function weighs nothing here (its frames are
  // the recursion stack's), so a cycle, all guarded, adds nothing. Callees come first in `order`
  // but for the members of a cycle: passes until nothing changes.
  const deepest = new Float64Array(n);
  for (let changed = true; changed;) {
    changed = false;
    for (const i of order) {
      let below = 0;
      for (let k = start[i]!; k < start[i + 1]!; k++) below = Math.max(below, deepest[graph.to[k]!]!);
      const d = below + (guarded[i] ? 0 : frame(i));
      if (d !== deepest[i]) { deepest[i] = d; changed = true; }
    }
  }
  let base = 0;
  for (let i = 0; i < n; i++) base = Math.max(base, deepest[i]!);
  return { guarded, charge, frame: frames, base };
}

/** stack += charge; if (stack >u limit) trap */
export function stackEntry(w: Writer, charge: number, stack: number, limit: number): void {
  w.u8(0x23); w.u32(stack); w.u8(0x41); w.s32(charge); w.u8(0x6a); w.u8(0x24); w.u32(stack);
  w.u8(0x23); w.u32(stack); w.u8(0x23); w.u32(limit); w.u8(0x4b); w.u8(0x04); w.u8(0x40); w.u8(0x00); w.u8(0x0b);
}

/** stack -= charge */
export function stackExit(w: Writer, charge: number, stack: number): void {
  w.u8(0x23); w.u32(stack); w.u8(0x41); w.s32(charge); w.u8(0x6b); w.u8(0x24); w.u32(stack);
}

/**
 * The guard of a function: its recursion stack counter (global `stack`) grows by `charge`, past
 * the limit (global `limit`) it traps, else it calls the body at `body` and takes the charge off.
 */
export function guard(body: number, nparams: number, charge: number, stack: number, limit: number): Uint8Array {
  const w = new Writer(48 + 3 * nparams);
  w.u8(0);
  stackEntry(w, charge, stack, limit);
  for (let i = 0; i < nparams; i++) { w.u8(0x20); w.u32(i); }
  w.u8(0x10); w.u32(body);
  stackExit(w, charge, stack);
  w.u8(0x0b);
  return w.finish();
}
