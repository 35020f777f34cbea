// Which functions of a module need fuel checks: those that loop, those that can recurse, those whose calls move fuel.
import type { BodyScan } from "./body_scan.ts";

/** How a function is metered. */
export const enum Scheme {
  /** Neither loops nor can recurse: its running time is bounded by its size. */
  None = 0,
  /** Can recurse but has no loop: one decrement of the fuel global at entry. */
  Entry = 1,
  /** Has loops: the counter lives in a local, written back around calls and at exits. */
  Local = 2,
  /** Has loops and can recurse: the local scheme with a decrement at entry. */
  LocalEntry = 3,
}

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
}

/**
 * Plans the metering of `bodies` (defined functions; function index = imported + position).
 * `tabled` marks functions a table can hold (element segments, ref.func): an indirect call may
 * reach them, so a cycle through an indirect call passes through one of them.
 */
export function plan(bodies: BodyScan[], imported: number, tabled: Uint8Array, start: number): Plan {
  const n = bodies.length;
  // Calls of functions the module does not have cannot validate: they are left out here.
  const edges: number[][] = bodies.map((b) => b.callees.filter((f) => f >= imported && f - imported < n).map((f) => f - imported));
  const cyclic = onCycles(edges);

  // Functions that reach an indirect call through direct calls (themselves included).
  const reachesIndirect = closure(edges, (i) => bodies[i]!.hasIndirect);

  const schemes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const recursive = cyclic[i] === 1 || (tabled[i] === 1 && reachesIndirect[i] === 1);
    schemes[i] = bodies[i]!.hasLoop ? (recursive ? Scheme.LocalEntry : Scheme.Local) : recursive ? Scheme.Entry : Scheme.None;
  }
  const touches = closure(edges, (i) => schemes[i] !== Scheme.None || bodies[i]!.hasIndirect);
  // A tail call's callee must have its caller's results: with tail calls about, nothing is threaded.
  const tailCalls = bodies.some((b) => b.hasTailCall);
  const threaded = new Uint8Array(n);
  for (let i = 0; i < n; i++) threaded[i] = touches[i] === 1 && tabled[i] === 0 && i + imported !== start && !tailCalls ? 1 : 0;
  return { schemes, touches, threaded };
}

/** The functions for which `seed` holds of them or of a function they call, directly or not. */
function closure(edges: number[][], seed: (i: number) => boolean): Uint8Array {
  const n = edges.length;
  const callers: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const j of edges[i]!) callers[j]!.push(i);
  const marked = new Uint8Array(n);
  const work: number[] = [];
  for (let i = 0; i < n; i++) if (seed(i)) { marked[i] = 1; work.push(i); }
  while (work.length) {
    for (const c of callers[work.pop()!]!) if (!marked[c]) { marked[c] = 1; work.push(c); }
  }
  return marked;
}

/** Marks functions on a cycle of direct calls (Tarjan's strongly connected components, without recursion). */
function onCycles(edges: number[][]): Uint8Array {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n), out = new Uint8Array(n);
  const stack: number[] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const frames: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root); onStack[root] = 1;
    while (frames.length) {
      const top = frames[frames.length - 1]!;
      const [v, k] = top;
      const succ = edges[v]!;
      if (k < succ.length) {
        top[1]++;
        const w = succ[k]!;
        if (w === v) out[v] = 1;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w); onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      if (frames.length) { const p = frames[frames.length - 1]![0]; low[p] = Math.min(low[p]!, low[v]!); }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do { w = stack.pop()!; onStack[w] = 0; members.push(w); } while (w !== v);
        if (members.length > 1) for (const m of members) out[m] = 1;
      }
    }
  }
  return out;
}
