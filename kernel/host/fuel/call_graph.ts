// Which functions of a module need fuel checks: those that loop, that can recurse or call too much, that do bulk work or syscalls, and those whose calls move fuel.
import type { BodyScan } from "./body_scan.ts";
import { entryBytes, FREE_TREE_BYTES } from "./code_weight.ts";

/** How a function is metered. */
export const enum Scheme {
  /** Neither loops nor is charged at entry (nor does bulk work): its running time is bounded by its size. */
  None = 0,
  /** Charged at entry (it can recurse, or its calls are too many to leave free), no loop: one decrement at entry. */
  Entry = 1,
  /** Has loops or bulk instructions: the counter lives in a local, written back around calls and at exits. */
  Local = 2,
  /** Has loops or bulk instructions and is charged at entry: the local scheme with a decrement at entry. */
  LocalEntry = 3,
}

/**
 * The most calls a function's whole static call tree may hold (itself, and each call site of it
 * and of its callees counted once per site) and still run uncharged: its calls are then provably
 * bounded. A function over it, or one that can recurse, spends a unit at every entry. Without
 * this, a loop-free graph where each function calls the next twice makes 2^depth calls for free;
 * with it, the calls between two units spent number at most this many per call site of the body
 * that spent. Small leaves (most of what a compiler leaves uninlined) stay free of checks.
 */
export const FREE_CALL_TREE = 16;

export interface Plan {
  schemes: Uint8Array;
  /** Functions whose call may spend fuel: the caller hands them its counter. */
  touches: Uint8Array;
  /**
   * Touching functions that take the counter as an extra last parameter and give it back as an
   * extra last result, so that it stays in registers across calls: a counter in a global makes
   * every call wait on a store and a load (a recursive function of a few instructions ran 40-60%
   * slower for it). Functions a table, the start section or a tail call can reach keep the global.
   */
  threaded: Uint8Array;
  /** Functions charged at entry, and the code bytes each entry runs outside loops (code_weight.ts). */
  charged: Uint8Array;
  entryBytes: Float64Array;
}

/**
 * Plans the metering of `bodies` (defined functions; function index = imported + position).
 * `tabled` marks functions a table can hold (element segments, ref.func): an indirect call may
 * reach them, so a cycle through an indirect call passes through one of them.
 */
export function plan(bodies: BodyScan[], imported: number, tabled: Uint8Array, start: number): Plan {
  const n = bodies.length;
  // Calls of functions the module does not have cannot validate: they are left out here.
  const calls = callGraph(bodies, imported);
  const callers = reversed(calls);
  const order: number[] = [];
  const cyclic = onCycles(calls, order);

  // Functions that reach an indirect call through direct calls (themselves included).
  const reachesIndirect = closure(callers, (i) => bodies[i]!.hasIndirect);

  // The size of each function's call tree, in callees-first order (Tarjan's), counting a charged
  // callee as 0 (it pays for itself); an indirect call could reach anything: its caller is charged.
  // Likewise the code bytes an entry runs outside loops: one that runs too much pays at entry.
  const size = new Float64Array(n), bytes = new Float64Array(n);
  const charged = new Uint8Array(n);
  for (const i of order) {
    const recursive = cyclic[i] === 1 || (tabled[i] === 1 && reachesIndirect[i] === 1);
    let s = 1;
    for (const f of bodies[i]!.callees) if (f >= imported && f - imported < n && !charged[f - imported]) s += size[f - imported]!;
    size[i] = s;
    bytes[i] = entryBytes(bodies[i]!, imported, n, bytes, charged);
    if (recursive || bodies[i]!.hasIndirect || s > FREE_CALL_TREE || bytes[i]! > FREE_TREE_BYTES) charged[i] = 1;
  }
  const schemes = new Uint8Array(n);
  const callsImport = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const local = bodies[i]!.hasLoop || bodies[i]!.hasBulk;
    schemes[i] = local ? (charged[i] ? Scheme.LocalEntry : Scheme.Local) : charged[i] ? Scheme.Entry : Scheme.None;
    // Syscalls are charged at their call sites.
    for (const f of bodies[i]!.callees) if (f < imported) { callsImport[i] = 1; }
  }
  const touches = closure(callers, (i) => schemes[i] !== Scheme.None || bodies[i]!.hasIndirect || callsImport[i] === 1);
  // A tail call's callee must have its caller's results: with tail calls about, nothing is threaded.
  const tailCalls = bodies.some((b) => b.hasTailCall);
  const threaded = new Uint8Array(n);
  for (let i = 0; i < n; i++) threaded[i] = touches[i] === 1 && tabled[i] === 0 && i + imported !== start && !tailCalls ? 1 : 0;
  return { schemes, touches, threaded, charged, entryBytes: bytes };
}

/** Edges between n functions, compactly: those of i are to[start[i]], …, to[start[i + 1] - 1]. */
export interface Graph { start: Int32Array; to: Int32Array }

/** The direct calls between the defined functions. */
function callGraph(bodies: BodyScan[], imported: number): Graph {
  const n = bodies.length;
  const start = new Int32Array(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (const f of bodies[i]!.callees) if (f >= imported && f - imported < n) m++;
    start[i + 1] = m;
  }
  const to = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) for (const f of bodies[i]!.callees) if (f >= imported && f - imported < n) to[k++] = f - imported;
  return { start, to };
}

/** The graph with every edge turned around. */
function reversed(g: Graph): Graph {
  const n = g.start.length - 1;
  const start = new Int32Array(n + 1);
  for (const j of g.to) start[j + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const to = new Int32Array(g.to.length), fill = start.slice(0, n);
  for (let i = 0; i < n; i++) for (let k = g.start[i]!; k < g.start[i + 1]!; k++) to[fill[g.to[k]!]!++] = i;
  return { start, to };
}

/** The functions for which `seed` holds of them or of a function they call, directly or not. */
function closure(callers: Graph, seed: (i: number) => boolean): Uint8Array {
  const n = callers.start.length - 1;
  const marked = new Uint8Array(n);
  const work = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) if (seed(i)) { marked[i] = 1; work[top++] = i; }
  while (top > 0) {
    const f = work[--top]!;
    for (let k = callers.start[f]!; k < callers.start[f + 1]!; k++) {
      const c = callers.to[k]!;
      if (!marked[c]) { marked[c] = 1; work[top++] = c; }
    }
  }
  return marked;
}

/**
 * Marks functions on a cycle of direct calls (Tarjan's strongly connected components, without
 * recursion); `order` gets every function, the callees of each before it (but within a cycle).
 */
export function onCycles(calls: Graph, order: number[]): Uint8Array {
  const n = calls.start.length - 1;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n), out = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  // The depth-first path: a function and the next of its edges to follow.
  const path = new Int32Array(n), edge = new Int32Array(n);
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    path[0] = root; edge[0] = calls.start[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root; onStack[root] = 1;
    while (depth >= 0) {
      const v = path[depth]!;
      const k = edge[depth]!;
      if (k < calls.start[v + 1]!) {
        edge[depth]++;
        const w = calls.to[k]!;
        if (w === v) out[v] = 1;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w; onStack[w] = 1;
          path[++depth] = w; edge[depth] = calls.start[w]!;
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      depth--;
      if (depth >= 0) { const p = path[depth]!; low[p] = Math.min(low[p]!, low[v]!); }
      if (low[v] === index[v]) {
        let w: number, members = 0;
        do { w = stack[--sp]!; onStack[w] = 0; members++; order.push(w); } while (w !== v);
        if (members > 1) for (let j = sp; j < sp + members; j++) out[stack[j]!] = 1;
      }
    }
  }
  return out;
}
