// Counted loops: the `for (i = a; i < n; i++)` shape whose trip count is known on entry, charged there once.
//
// The shape, as AssemblyScript emits it, with nothing else in the loop:
//
//   loop                                  (no params, no results)
//     local.get i | local.get n | i32.const C ... i32.lt_s/lt_u (i, n)  or  i32.gt_s/gt_u (n, i)
//     if                                  (no else, no results)
//       BODY
//       local.get i  i32.const 1  i32.add  local.set i
//       br 1                              (to the loop)
//     end
//   end
//
// Sound only if the loop runs exactly max(0, n - i) iterations on entry: BODY writes neither i nor
// n (locals only change through local.set and local.tee of their own function), and nothing in
// BODY branches to the `if`, to the loop or out of it, or returns (it can still trap, or call). An
// increment of 1 under `<` never wraps. The entry then charges the iterations and the last test.

import type { Events } from "./body_scan.ts";

/** A counted loop the rewrite charges on entry: the induction local, the bound, how they compare. */
export interface CountedLoop {
  iv: number;
  /** The bound's local, or its constant's bytes (an i32.const with its immediate) when `constBound`. */
  bound: number;
  constBound: Uint8Array | null;
  unsigned: boolean;
}

interface Candidate {
  loop: CountedLoop;
  /** Absolute label indices (the function's label is 0) of the loop and of its `if`. */
  loopLabel: number;
  ifLabel: number;
  /** Index in the events of the loop's Loop event, and the position of its `loop` opcode. */
  event: number;
  at: number;
  ok: boolean;
  /** Branches to the loop or the `if` or out, seen in BODY: only the last `br 1` may be one. */
  escapes: number;
  lastEscape: number;
  /** The positions of the last two local instructions on the induction local (get, then set). */
  ivGet: number;
  ivSet: number;
  ivWrites: number;
}

/** Reads an unsigned LEB128 at `pos`; returns [value, end] or null. */
function leb(bytes: Uint8Array, pos: number, end: number): [number, number] | null {
  let x = 0;
  for (let shift = 0; shift < 35 && pos < end; shift += 7) {
    const b = bytes[pos++]!;
    x += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return x <= 0xffffffff ? [x, pos] : null;
  }
  return null;
}

/** Follows a body's scan and finds its counted loops; the scanner reports what it decodes. */
export class LoopBounds {
  private open: Candidate[] = [];
  /** How far the scanner's Local events have been followed. */
  private seen = 0;
  readonly found: CountedLoop[] = [];

  constructor(private readonly bytes: Uint8Array, private readonly end: number, private readonly ev: Events) {
    this.seen = ev.length;
  }

  /** Some loop may be counted: the scanner must record every local instruction until it closes. */
  get watching(): boolean { return this.open.length !== 0; }

  /** Follows the local instructions the scanner has recorded since the last call (Event.Local is 6). */
  sync(): void {
    const ev = this.ev.buf, n = this.ev.length;
    if (this.open.length !== 0) for (let i = this.seen; i < n; i += 3) if (ev[i] === 6) this.local(this.bytes[ev[i + 1]!]!, ev[i + 1]!, ev[i + 2]!);
    this.seen = n;
  }

  /** A `loop` at `at` with an empty block type, its header at `header`, as label `label`. */
  loop(at: number, header: number, label: number): void {
    this.sync();
    const b = this.bytes, end = this.end;
    // The test: two operands, each a local.get or (the bound only) an i32.const, then a comparison.
    const operand = (pos: number): { local: number; konst: Uint8Array | null; next: number } | null => {
      if (b[pos] === 0x20) { const v = leb(b, pos + 1, end); return v && { local: v[0], konst: null, next: v[1] }; }
      if (b[pos] === 0x41) {
        let p = pos + 1;
        while (p < end && p < pos + 6 && b[p]! & 0x80) p++;
        return p < end && p < pos + 6 ? { local: -1, konst: b.subarray(pos, p + 1), next: p + 1 } : null;
      }
      return null;
    };
    const x = operand(header);
    const y = x && operand(x.next);
    if (!x || !y || y.next + 2 >= end) return;
    const cmp = b[y.next]!;
    if (cmp < 0x48 || cmp > 0x4b || b[y.next + 1] !== 0x04 || b[y.next + 2] !== 0x40) return;
    // lt: (i, n); gt: (n, i).
    const [iv, bound] = cmp <= 0x49 ? [x, y] : [y, x];
    if (iv.local < 0 || iv.local === bound.local) return;
    this.open.push({
      loop: { iv: iv.local, bound: bound.local, constBound: bound.konst, unsigned: cmp === 0x49 || cmp === 0x4b },
      loopLabel: label, ifLabel: label + 1, event: this.ev.length - 3, at, ok: true, escapes: 0, lastEscape: -1, ivGet: -1, ivSet: -1, ivWrites: 0,
    });
  }

  /** A branch at `at` to the absolute label `target`. */
  branch(at: number, target: number): void {
    if (this.open.length === 0) return;
    this.sync();
    for (const c of this.open) {
      if (target <= c.ifLabel) { c.escapes++; c.lastEscape = target === c.loopLabel ? at : -1; }
    }
  }

  /** A return or a tail call: it leaves every loop. */
  leave(): void { for (const c of this.open) c.ok = false; }

  /** An `else` closing the label `label`'s then-branch. */
  otherwise(label: number): void { for (const c of this.open) if (c.ifLabel === label) c.ok = false; }

  /** A local.get (0x20), local.set (0x21) or local.tee (0x22) at `at`. */
  private local(op: number, at: number, index: number): void {
    for (const c of this.open) {
      if (index === c.loop.bound && c.loop.constBound === null && op !== 0x20) c.ok = false;
      if (index !== c.loop.iv) continue;
      if (op === 0x20) c.ivGet = at;
      else { c.ivWrites++; c.ivSet = op === 0x21 ? at : -1; }
    }
  }

  /** The `end` at `at` closing the absolute label `label`; `next` is where the next instruction starts. */
  close(at: number, label: number, next: number): void {
    // (Reading open[-1] of an empty array is a slow property lookup: this is on every `end`.)
    if (this.open.length === 0) return;
    this.sync();
    const top = this.open[this.open.length - 1]!;
    if (label === top.loopLabel) { this.open.pop(); return; } // the loop ended without its `if` closing right before
    if (label !== top.ifLabel) return;
    this.open.pop();
    const b = this.bytes;
    const c = top;
    if (!c.ok || c.escapes !== 1 || c.lastEscape !== at - 2 || b[at - 2] !== 0x0c || b[at - 1] !== 0x01 || b[next] !== 0x0b || c.ivWrites !== 1 || c.ivSet < 0 || c.ivGet < 0) return;
    // local.get i  i32.const 1  i32.add  local.set i  br 1, each where the one before ends.
    const get = leb(b, c.ivGet + 1, at);
    if (!get || b[get[1]] !== 0x41 || b[get[1] + 1] !== 0x01 || b[get[1] + 2] !== 0x6a || get[1] + 3 !== c.ivSet) return;
    const set = leb(b, c.ivSet + 1, at);
    if (!set || set[1] !== at - 2) return;
    // Every enclosing candidate sees this loop's own test and increment as part of its BODY: fine.
    const ev = this.ev.buf;
    ev[c.event] = 7; // Event.Counted
    ev[c.event + 1] = c.at;
    ev[c.event + 2] = this.found.length;
    this.found.push(c.loop);
  }
}
