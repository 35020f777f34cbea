// One function body with its fuel checks, and the wrappers through which the host enters a module.
import { Bulk, Event, type BodyScan, type Events } from "./body_scan.ts";
import { Scheme } from "./call_graph.ts";
import { stackEntry, stackExit } from "./stack_bound.ts";
import { Reader, Writer } from "./wasm_binary.ts";

/**
 * What work other than a loop iteration or a call costs, in units of fuel (a unit is about a loop
 * iteration: a few nanoseconds). Filling or copying memory runs at some 10-20 GB/s, so 16 bytes
 * take about what an iteration does; a table entry is a pointer store with its write barrier; a
 * page of memory.grow costs what filling it would. A syscall leaves the module for the host and
 * the kernel (a call gate, capability lookups, maybe a copy of the message): a few hundred
 * nanoseconds, so a fixed 256 units.
 */
export const BYTES_PER_UNIT_LOG2 = 4;
export const PAGE_UNITS_LOG2 = 16 - BYTES_PER_UNIT_LOG2;
export const SYSCALL_UNITS = 256;
/** The most entries a table instruction is charged for when a table has no bound the rewrite knows (an imported one). */
const MAX_ENTRIES = 1 << 24;

export interface BodyContext {
  /** The counter global and the budget global. */
  fuel: number;
  budget: number;
  /** The host enters it directly: the counter starts at the budget here. */
  reset: boolean;
  /** How it is metered: its loops and whether it can recurse. */
  scheme: Scheme;
  /** Its calls may spend fuel: it holds a counter. */
  touches: boolean;
  /** Its counter is its extra last parameter and result (call_graph.ts); else a local it loads from the global. */
  threaded: boolean;
  params: number;
  /** The block type of its results (one byte, or a type index for several), when threaded. */
  blockType: number;
  /** What an entry costs when it is charged at entry (code_weight.ts): at least one unit. */
  entryUnits: number;
  imported: number;
  /** Of every defined function: whether its calls may spend fuel, whether it is threaded. */
  touching: Uint8Array;
  threading: Uint8Array;
  /**
   * The most entries each table may hold, the most pages the memory may have: a size operand is
   * charged for no more than that, since more fails (a grow) or traps (the others) at once.
   */
  tableLimits: number[];
  memoryPages: number;
  /** A table holds an imported function: an indirect call may be a syscall, and pays as one. */
  indirectSyscalls: boolean;
  /**
   * A threaded function that can recurse: the bytes its frame adds to the recursion stack counter
   * (global `stack`, trapping past global `stackLimit`), at entry and taken off at its one exit
   * (stack_bound.ts); 0 for any other function.
   */
  stackCharge?: number;
  stack?: number;
  stackLimit?: number;
}

/** Appends the body with its checks to `w`, after its size; its bytes unchanged when it needs none. */
export function rewriteBody(w: Writer, bytes: Uint8Array, start: number, end: number, scan: BodyScan, events: Events, cx: BodyContext): void {
  const { fuel, scheme, threaded } = cx;
  const reset = () => { if (cx.reset) { w.u8(0x23); w.u32(cx.budget); w.u8(0x24); w.u32(fuel); } };
  if (!cx.touches && !cx.reset) { w.u32(end - start); w.copy(bytes, start, end); return; }
  // The size goes before the body: written once the body is.
  const size = w.mark();
  if (!cx.touches) {
    w.copy(bytes, start, scan.localsEnd);
    reset();
    w.copy(bytes, scan.localsEnd, end);
    w.patch(size);
    return;
  }
  // The counter: the parameter after the others (the declared locals move up one), or one more local.
  const local = threaded ? cx.params : cx.params + scan.locals;
  const renumber = (i: number) => (threaded && i >= cx.params ? i + 1 : i);
  // And a scratch i32 for the trip counts of counted loops, after every other local.
  // (and for the cost of a bulk instruction, computed from its size operand).
  const trips = scan.counted.length > 0 || scan.hasBulk ? cx.params + scan.locals + 1 : -1;
  const extra = (threaded ? 0 : 1) + (trips >= 0 ? 1 : 0);
  if (extra === 0) w.copy(bytes, start, scan.localsEnd);
  else {
    const r = new Reader(bytes, start, end, "code");
    const decls = r.u32();
    w.u32(decls + 1);
    w.copy(bytes, r.pos, scan.localsEnd);
    w.u8(extra); w.u8(0x7f);
  }
  const writeBack = () => { w.u8(0x20); w.u32(local); w.u8(0x24); w.u32(fuel); };
  const reload = () => { w.u8(0x23); w.u32(fuel); w.u8(0x21); w.u32(local); };
  /** counter == 0: write it back and trap. */
  const exhausted = () => { w.u8(0x45); w.u8(0x04); w.u8(0x40); writeBack(); w.u8(0x00); w.u8(0x0b); };
  /** counter -= 1; if (counter == 0) trap */
  const spend = () => { w.u8(0x20); w.u32(local); w.u8(0x41); w.u8(1); w.u8(0x6b); w.u8(0x22); w.u32(local); exhausted(); };
  /** Spends trips + 1 units (trips: the scratch local, at most 2^31): if too few are left, trap here, at zero. */
  const spendTrips = () => {
    w.u8(0x20); w.u32(trips); w.u8(0x20); w.u32(local); w.u8(0x41); w.u8(1); w.u8(0x6b); w.u8(0x4f); // trips >=u counter - 1
    w.u8(0x04); w.u8(0x40); w.u8(0x41); w.u8(0); w.u8(0x21); w.u32(local); writeBack(); w.u8(0x00); w.u8(0x0b);
    w.u8(0x20); w.u32(local); w.u8(0x20); w.u32(trips); w.u8(0x6b); w.u8(0x41); w.u8(1); w.u8(0x6b); w.u8(0x21); w.u32(local);
  };
  /** min_u(trips, cap) on the stack. */
  const clampTrips = (cap: number) => { w.u8(0x20); w.u32(trips); w.u8(0x41); w.s32(cap); w.u8(0x20); w.u32(trips); w.u8(0x41); w.s32(cap); w.u8(0x49); w.u8(0x1b); };
  /** Spends `units`: one by `spend`; more: counter <=u units traps at zero, else it pays them. */
  const spendUnits = (units: number) => {
    if (units <= 1) return spend();
    w.u8(0x20); w.u32(local); w.u8(0x41); w.s32(units); w.u8(0x4d);
    w.u8(0x04); w.u8(0x40); w.u8(0x41); w.u8(0); w.u8(0x21); w.u32(local); writeBack(); w.u8(0x00); w.u8(0x0b);
    w.u8(0x20); w.u32(local); w.u8(0x41); w.s32(units); w.u8(0x6b); w.u8(0x21); w.u32(local);
  };
  const spendSyscall = () => spendUnits(SYSCALL_UNITS);
  const chargedAtEntry = scheme === Scheme.Entry || scheme === Scheme.LocalEntry;
  if (threaded) {
    if (chargedAtEntry) spendUnits(cx.entryUnits);
    if (cx.stackCharge) stackEntry(w, cx.stackCharge, cx.stack!, cx.stackLimit!);
    // The original body inside a block of its results: its branches to the function's label land
    // at the block's end, where the counter is pushed after the results.
    w.u8(0x02); w.s32(cx.blockType);
  } else {
    reset();
    w.u8(0x23); w.u32(fuel);
    w.u8(0x21); w.u32(local);
    if (chargedAtEntry) spendUnits(cx.entryUnits);
  }

  const ev = events.buf, params = cx.params;
  let cursor = scan.localsEnd;
  /** How the pending call's callee takes the counter: 0 not at all, 1 through the global, 2 threaded. */
  let passing = 0;
  for (let i = scan.evStart; i < scan.evEnd; i += 3) {
    const kind = ev[i]!, pos = ev[i + 1]!, value = ev[i + 2]!;
    if (kind === Event.Local) {
      // Only a threaded body's locals past its parameters move: the counter took the first index after them.
      if (!threaded || value < params) continue;
      w.copy(bytes, cursor, pos);
      w.u8(bytes[pos]!); w.u32(value + 1);
      // Past the old index (the scan decoded it: it ends within the body).
      cursor = pos + 1;
      while (bytes[cursor++]! & 0x80);
      continue;
    }
    w.copy(bytes, cursor, pos);
    cursor = pos;
    switch (kind) {
      case Event.Loop: spendUnits(value); break;
      case Event.Counted: {
        // trips = i < n ? n - i : 0 (as unsigned: exact under a signed test too); the loop tests
        // trips + 1 times. Too few units left: trap here, at zero; else spend them all now.
        const loop = scan.counted[value]!;
        const iv = () => { w.u8(0x20); w.u32(renumber(loop.iv)); };
        const bound = () => { if (loop.constBound) w.bytes(loop.constBound); else { w.u8(0x20); w.u32(renumber(loop.bound)); } };
        bound(); iv(); w.u8(0x6b); w.u8(0x41); w.u8(0); iv(); bound(); w.u8(loop.unsigned ? 0x49 : 0x48); w.u8(0x1b);
        w.u8(0x21); w.u32(trips);
        spendTrips();
        break;
      }
      case Event.Bulk: {
        // The size operand is on top of the stack: kept there, its cost computed from a copy.
        w.u8(0x22); w.u32(trips);
        if (value === Bulk.Bytes) { w.u8(0x20); w.u32(trips); w.u8(0x41); w.u8(BYTES_PER_UNIT_LOG2); w.u8(0x76); }
        else if (value === Bulk.Pages) { clampTrips(cx.memoryPages); w.u8(0x41); w.u8(PAGE_UNITS_LOG2); w.u8(0x74); }
        else clampTrips(Math.min(MAX_ENTRIES, value === Bulk.Entries ? Math.max(0, ...cx.tableLimits) : cx.tableLimits[value - Bulk.TableGrow] ?? MAX_ENTRIES));
        w.u8(0x21); w.u32(trips);
        spendTrips();
        break;
      }
      case Event.Call: {
        if (value >= 0 ? value < cx.imported : cx.indirectSyscalls) spendSyscall();
        const callee = value - cx.imported;
        // A syscall sees the counter in the global (the host charges a call's server work to it, and may
        // lower it), and the body takes it back from there.
        passing = value < 0 || value < cx.imported ? 1 : cx.touching[callee] !== 1 ? 0 : cx.threading[callee] === 1 ? 2 : 1;
        if (passing === 2) { w.u8(0x20); w.u32(local); }
        else if (passing === 1) writeBack();
        break;
      }
      case Event.AfterCall:
        if (passing === 2) { w.u8(0x21); w.u32(local); }
        else if (passing === 1) reload();
        passing = 0;
        break;
      case Event.Return:
        if (threaded) { w.u8(0x0c); w.u32(value); cursor = pos + 1; }
        else writeBack();
        break;
      case Event.End:
        if (threaded) {
          w.u8(0x0b);
          if (cx.stackCharge) stackExit(w, cx.stackCharge, cx.stack!);
          w.u8(0x20); w.u32(local);
        } else writeBack();
        break;
      default: // Exit: a branch to the function's label (a threaded body's block) or a tail call
        if (value > 0 ? value - 1 < cx.imported : value < 0 && cx.indirectSyscalls) spendSyscall();
        if (!threaded) writeBack();
    }
  }
  w.copy(bytes, cursor, end);
  w.patch(size);
}

/**
 * An export's wrapper: the budget becomes the counter, then the function runs with the same
 * arguments; a threaded function takes the counter as its last argument and gives it back last.
 */
export function wrapper(target: number, nparams: number, fuel: number, budget: number, threaded: boolean): Uint8Array {
  const w = new Writer(16 + 3 * nparams);
  w.u8(0);
  if (!threaded) { w.u8(0x23); w.u32(budget); w.u8(0x24); w.u32(fuel); }
  for (let i = 0; i < nparams; i++) { w.u8(0x20); w.u32(i); }
  if (threaded) { w.u8(0x23); w.u32(budget); }
  w.u8(0x10); w.u32(target);
  if (threaded) { w.u8(0x24); w.u32(fuel); }
  w.u8(0x0b);
  return w.finish();
}
