// One pass over a function body: where its loops, calls and exits are, decoding every instruction's immediates.
import { LoopBounds, type CountedLoop } from "./loop_bounds.ts";
import { Reader } from "./wasm_binary.ts";

/** What the rewrite needs to know at a position of a body. */
export const enum Event {
  /** Right after a `loop` and its block type: the loop's header. */
  Loop = 0,
  /** At a call (its opcode): the value is the callee's function index, -1 for an indirect call. */
  Call = 1,
  /** Right after a call's immediates. */
  AfterCall = 2,
  /** At a branch to the function's outermost label, or a tail call: it leaves the function. The value: 0, or for a return_call its callee + 1, for a return_call_indirect -1. */
  Exit = 3,
  /** At a `return`: the value is the relative depth of the function's outermost label there. */
  Return = 4,
  /** At the function's final `end`. */
  End = 5,
  /** At a local.get, local.set or local.tee (its opcode): the value is the local's index (see scanBody: not all are). */
  Local = 6,
  /** At a counted loop's `loop` opcode (loop_bounds.ts): the value indexes `counted`; no Loop event. */
  Counted = 7,
  /** At a bulk instruction whose cost grows with its size operand (on top of the stack): the value is its Bulk kind. */
  Bulk = 8,
}

/** What the size operand of a bulk instruction counts, and so how the rewrite charges it (rewrite_body.ts). */
export const enum Bulk {
  /** memory.fill, memory.copy, memory.init. */
  Bytes = 0,
  /** table.fill, table.copy, table.init, table.grow. */
  Entries = 1,
  /** memory.grow. */
  Pages = 2,
  /** table.grow: the value is this plus the table's index. */
  TableGrow = 3,
}

/**
 * The events of every body of a module as triples (event, position, value) in one growable buffer:
 * there are about as many as local instructions, and an array of numbers per body cost a tenth of
 * the rewrite's time.
 */
export class Events {
  /**
   * The last module's buffer, for the next (the rewrite is synchronous: never two at once); a new
   * one per module left the collector megabytes to sweep.
   */
  private static spare: Int32Array | null = null;
  buf: Int32Array;
  length = 0;

  constructor(capacity: number) {
    const spare = Events.spare;
    Events.spare = null;
    this.buf = spare && spare.length >= capacity ? spare : new Int32Array(Math.max(capacity, 64));
  }

  /** Done with the events: the buffer may serve the next module. */
  release(): void {
    if (Events.spare === null || Events.spare.length < this.buf.length) Events.spare = this.buf;
  }

  push(kind: number, pos: number, value: number): void {
    if (this.length + 3 > this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    const b = this.buf, n = this.length;
    b[n] = kind; b[n + 1] = pos; b[n + 2] = value;
    this.length = n + 3;
  }
}

export interface BodyScan {
  /** Where the local declarations begin and end (absolute offsets). */
  localsStart: number;
  localsEnd: number;
  /** How many locals the body declares. */
  locals: number;
  /** Its events, in the order of their positions: [evStart, evEnd) of the module's Events. */
  evStart: number;
  evEnd: number;
  /** Functions it calls directly (call and return_call), by index. */
  callees: number[];
  /** Functions it names with ref.func: they can end up in a table. */
  refFuncs: number[];
  hasLoop: boolean;
  /** How many loops it has. */
  loops: number;
  hasIndirect: boolean;
  /** The type indices its indirect calls name (call_indirect, return_call_indirect). */
  indirectTypes: number[];
  /** It has a return_call or return_call_indirect. */
  hasTailCall: boolean;
  /** It has a bulk memory or table instruction, or a memory.grow: it is charged by their size operands. */
  hasBulk: boolean;
  /** The loops charged on entry, by their trip count. */
  counted: CountedLoop[];
  /** Its loops' code, in the order of their headers (code_weight.ts weighs each iteration by it). */
  loopCode: LoopCode[];
  /** Bytes of its code outside every loop (and one per local it declares: an entry zeroes them), and the functions called there: what one entry runs at most once. */
  straight: number;
  straightCallees: number[];
}

/** The code one iteration of a loop runs at most: its bytes outside nested loops, and the functions it calls there. */
export interface LoopCode {
  /** The index in the module's Events of the loop's Loop (or Counted) event, and the Loop event's position. */
  event: number;
  header: number;
  bytes: number;
  callees: number[];
}

/** An open loop while a body is scanned. */
interface OpenLoop { code: LoopCode; label: number; at: number; nested: number }

/** Shared empty lists of the bodies that have no such (never pushed to). */
const NONE: number[] = [];
const NO_LOOPS: CountedLoop[] = [];
const NO_LOOP_CODE: LoopCode[] = [];

const SIMPLE_VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

function valtype(r: Reader): void {
  const t = r.u8();
  if (!SIMPLE_VALTYPES.has(t)) r.fail(`value type 0x${t.toString(16)} is not supported (typed references and GC are refused)`);
}

/** A memory access's alignment and offset; a memory index (multi-memory) is refused. */
function memarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) r.fail("a second memory is not allowed");
  r.skipLeb(64);
}

/** The memory index byte of memory.size, memory.grow and the bulk memory instructions: only memory 0. */
function memory0(r: Reader): void {
  if (r.u32() !== 0) r.fail("a second memory is not allowed");
}

/** Where a LEB128 starting at `pos` ends, or -1 when it runs past `end` or past `max` bytes. */
function lebEnd(bytes: Uint8Array, pos: number, end: number, max: number): number {
  for (let i = 0; i < max && pos < end; i++) if ((bytes[pos++]! & 0x80) === 0) return pos;
  return -1;
}

/**
 * Skips the commonest instructions that matter neither to the rewrite nor to its checks (numeric
 * ones, locals and globals, constants, loads and stores) without a call per byte: the rewrite
 * usually runs once per module, before the engine optimises it. Returns where scanning must go on
 * instruction by instruction: anything else, or anything malformed, is left to scanBody.
 */
function skipPlain(bytes: Uint8Array, pos: number, end: number, ev: Events, minLocal: number): number {
  while (pos < end) {
    const op = bytes[pos]!;
    let next = -1;
    if (op >= 0x45 && op <= 0xc4) next = pos + 1;
    else if (op >= 0x20 && op <= 0x22) {
      // A local's index: the threaded rewrite renumbers them (its counter becomes a parameter).
      // At most four bytes here (below 2^28): longer or unfinished ones are the scanner's to refuse.
      let x = 0, shift = 0;
      for (let i = pos + 1; i < end && i < pos + 5; i++, shift += 7) {
        const b = bytes[i]!;
        x |= (b & 0x7f) << shift;
        if ((b & 0x80) === 0) { next = i + 1; break; }
      }
      if (next < 0) return pos;
      if (x >= minLocal) ev.push(Event.Local, pos, x);
    } else if (op === 0x23 || op === 0x24 || op === 0x41) next = lebEnd(bytes, pos + 1, end, 5);
    else if (op === 0x42) next = lebEnd(bytes, pos + 1, end, 10);
    else if (op >= 0x28 && op <= 0x3e && pos + 1 < end && (bytes[pos + 1]! & 0xc0) === 0) {
      // A one-byte alignment without the multi-memory bit, then the offset.
      next = lebEnd(bytes, pos + 2, end, 10);
    }
    if (next < 0) return pos;
    pos = next;
  }
  return pos;
}

/**
 * Scans the body in [r.pos, r.end) and appends its events to `ev`; `r.where` names the function
 * for errors. Its local instructions are events only where something needs them: those past its
 * `params` (a threaded rewrite renumbers them), and all of them inside a loop that may be counted.
 */
export function scanBody(r: Reader, ev: Events, params: number): BodyScan {
  const localsStart = r.pos;
  let locals = 0;
  const decls = r.u32();
  for (let i = 0; i < decls; i++) {
    locals += r.u32();
    if (locals > 50000) r.fail("too many locals");
    valtype(r);
  }
  const scan: BodyScan = { localsStart, localsEnd: r.pos, locals, evStart: ev.length, evEnd: 0, callees: [], refFuncs: NONE, hasLoop: false, loops: 0, hasIndirect: false, indirectTypes: NONE, hasTailCall: false, hasBulk: false, counted: NO_LOOPS, loopCode: NO_LOOP_CODE, straight: 0, straightCallees: NONE };
  // Open blocks, the function's own included: its label is the outermost, depth - 1.
  let depth = 1;
  const bytes = r.bytes, end = r.end;
  // Made at the first loop: most bodies have none (and what a body allocates lives until the rewrite's end).
  let bounds: LoopBounds | null = null;
  // The loops open at this point, innermost last, and the bytes of the top-level loops closed.
  const open: OpenLoop[] = [];
  let inLoops = 0;
  /** Where the calls at this point are charged: the innermost open loop's iteration, else the entry. */
  const callSite = (f: number) => {
    if (open.length !== 0) open[open.length - 1]!.code.callees.push(f);
    else (scan.straightCallees === NONE ? (scan.straightCallees = []) : scan.straightCallees).push(f);
  };
  for (;;) {
    r.pos = skipPlain(bytes, r.pos, end, ev, bounds !== null && bounds.watching ? 0 : params);
    const at = r.pos;
    const op = r.u8();
    if (op >= 0x45 && op <= 0xc4) continue; // numeric instructions: no immediates
    switch (op) {
      case 0x00: case 0x01: case 0x1a: case 0x1b: case 0xd1: break;
      case 0x05: bounds?.otherwise(depth - 1); break;
      case 0x02: case 0x04: r.s33(); depth++; break;
      case 0x03: {
        const type = r.s33();
        depth++;
        scan.hasLoop = true;
        scan.loops++;
        ev.push(Event.Loop, r.pos, 0);
        const code: LoopCode = { event: ev.length - 3, header: r.pos, bytes: 0, callees: [] };
        (scan.loopCode === NO_LOOP_CODE ? (scan.loopCode = []) : scan.loopCode).push(code);
        open.push({ code, label: depth - 1, at, nested: 0 });
        if (type === -64) (bounds ??= new LoopBounds(bytes, end, ev)).loop(at, r.pos, depth - 1);
        break;
      }
      case 0x0b:
        bounds?.close(at, depth - 1, r.pos);
        if (open.length !== 0 && open[open.length - 1]!.label === depth - 1) {
          const l = open.pop()!, size = r.pos - l.at;
          l.code.bytes = size - l.nested;
          if (open.length !== 0) open[open.length - 1]!.nested += size;
          else inLoops += size;
        }
        if (--depth === 0) {
          // An entry also zeroes its locals: each counts as a byte of code.
          scan.straight = r.pos - scan.localsEnd - inLoops + locals;
          ev.push(Event.End, at, 0);
          if (r.pos !== r.end) r.fail("code after the function's end");
          scan.evEnd = ev.length;
          if (bounds !== null && bounds.found.length > 0) scan.counted = bounds.found;
          return scan;
        }
        break;
      case 0x0c: case 0x0d: {
        const k = r.u32();
        bounds?.branch(at, depth - 1 - k);
        if (k === depth - 1) ev.push(Event.Exit, at, 0);
        break;
      }
      case 0x0e: {
        const n = r.u32();
        let exits = false;
        for (let i = 0; i <= n; i++) {
          const k = r.u32();
          bounds?.branch(at, depth - 1 - k);
          if (k === depth - 1) exits = true;
        }
        if (exits) ev.push(Event.Exit, at, 0);
        break;
      }
      case 0x0f: bounds?.leave(); ev.push(Event.Return, at, depth - 1); break;
      case 0x10: {
        const f = index(r);
        scan.callees.push(f);
        callSite(f);
        ev.push(Event.Call, at, f); ev.push(Event.AfterCall, r.pos, 0);
        break;
      }
      case 0x11:
        if (scan.indirectTypes === NONE) scan.indirectTypes = [];
        scan.indirectTypes.push(r.u32()); r.u32();
        scan.hasIndirect = true;
        ev.push(Event.Call, at, -1); ev.push(Event.AfterCall, r.pos, 0);
        break;
      case 0x12: {
        const f = index(r);
        scan.callees.push(f);
        callSite(f);
        scan.hasTailCall = true;
        bounds?.leave();
        ev.push(Event.Exit, at, f + 1);
        break;
      }
        break;
      case 0x13:
        if (scan.indirectTypes === NONE) scan.indirectTypes = [];
        scan.indirectTypes.push(r.u32()); r.u32();
        scan.hasIndirect = true;
        scan.hasTailCall = true;
        bounds?.leave();
        ev.push(Event.Exit, at, -1);
        break;
      case 0x1c: {
        const n = r.u32();
        for (let i = 0; i < n; i++) valtype(r);
        break;
      }
      case 0x20: case 0x21: case 0x22: {
        const x = index(r);
        if (x >= params || (bounds !== null && bounds.watching)) ev.push(Event.Local, at, x);
        break;
      }
      case 0x23: case 0x24: case 0x25: case 0x26: r.u32(); break;
      case 0x3f: memory0(r); break;
      case 0x40: memory0(r); scan.hasBulk = true; ev.push(Event.Bulk, at, Bulk.Pages); break;
      case 0x41: r.skipLeb(32); break;
      case 0x42: r.skipLeb(64); break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0xd0: r.s33(); break;
      case 0xd2: (scan.refFuncs === NONE ? (scan.refFuncs = []) : scan.refFuncs).push(r.u32()); break;
      case 0xfc: {
        const kind = prefixed0xfc(r);
        if (kind >= 0) { scan.hasBulk = true; ev.push(Event.Bulk, at, kind); }
        break;
      }
      case 0xfd: simd(r); break;
      default:
        if (op >= 0x28 && op <= 0x3e) { memarg(r); break; }
        r.pos = at;
        r.fail(`instruction 0x${op.toString(16).padStart(2, "0")} is not supported (exception handling, threads, GC and typed function references are refused)`);
    }
  }
}

/** A function's or a local's index, below 2^31 (Events holds int32; no valid module has more). */
function index(r: Reader): number {
  const x = r.u32();
  if (x > 0x7fffffff) r.fail(`index ${x} is out of range`);
  return x;
}

/** Saturating truncation, bulk memory and table instructions: the Bulk kind of one whose cost grows with its size operand, else -1. */
function prefixed0xfc(r: Reader): number {
  const sub = r.u32();
  if (sub <= 7) return -1;
  switch (sub) {
    case 8: r.u32(); memory0(r); return Bulk.Bytes; // memory.init data memory
    case 9: r.u32(); return -1; // data.drop
    case 10: memory0(r); memory0(r); return Bulk.Bytes; // memory.copy
    case 11: memory0(r); return Bulk.Bytes; // memory.fill
    case 12: case 14: r.u32(); r.u32(); return Bulk.Entries; // table.init, table.copy
    case 13: case 16: r.u32(); return -1; // elem.drop, table.size
    case 15: return Bulk.TableGrow + Math.min(r.u32(), 1 << 30); // table.grow
    case 17: r.u32(); return Bulk.Entries; // table.fill
    default: return r.fail(`instruction 0xfc ${sub} is not supported`);
  }
}

/** Fixed-width SIMD: loads and stores take a memory argument, lanes a byte, constants 16 bytes. */
function simd(r: Reader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) memarg(r);
  else if (sub === 12 || sub === 13) r.skip(16);
  else if (sub >= 21 && sub <= 34) r.skip(1);
  else if (sub >= 84 && sub <= 91) { memarg(r); r.skip(1); }
}
