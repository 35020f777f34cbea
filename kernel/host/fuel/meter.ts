// The load-time fuel rewrite: every module the host runs pays for its work: loops, calls, bulk instructions, syscalls.
//
// A component gets a budget of fuel per activation (a call it serves, a signal, its start, its
// start section: exported as START_EXPORT, which the host enters once the budget is set). Loop
// headers and the entries of functions that can recurse or whose call tree is large (call_graph.ts)
// spend a unit per 32 bytes of the code they run (code_weight.ts); bulk memory and table
// instructions spend by their size operand, syscalls a fixed cost (rewrite_body.ts: the rates),
// and a call's server work comes off its caller's counter (../ipc.ts); at zero the component
// writes its counter back and traps (`unreachable`: a module cannot catch a trap, where it could
// catch a thrown exception). The host tells exhaustion from other traps by the exported counter.
//
// Cheap where it matters: a function whose calls may spend fuel keeps the counter in a local, so a
// loop header costs a local decrement and a branch. Functions no table, start section or tail call
// reaches take it as an extra last parameter and give it back as an extra last result (threaded:
// call_graph.ts), so it stays in registers across calls; the others load it from the global and
// write it back around calls and at exits. Counted loops (loop_bounds.ts) are charged their trip
// count once on entry. Functions that neither loop nor recurse nor call such are not touched at all.
// The rewrite also gives every table a maximum (tables.ts), so the host can charge tables at load.
// Every entry from the host resets the counter to the budget: at the start of an exported function
// the module's own code never reaches, else in a new wrapper the export leads to instead. The
// module's code cannot name a wrapper or reach such an entry, so it cannot refill its fuel.
//
// The checks test for zero, not for below it: the counter is at least 1 whenever the module's
// code runs (the budget is at least 1, every decrement is by one and checked at once, and only
// checked values are written back), so it meets zero before it could pass it.
//
// Why a direct rewrite of the code section and not binaryen.js: both were measured on this design
// (notes/fuel-metering.md); binaryen's IR round trip costs about 0.65-0.9 ms per KB of module plus
// 0.6 s to load its 15 MB of JS, where this rewrite costs about 1 ms per 100 KB once warm and runs
// in the page as well, as it must when a component is rebuilt there (`npm run bench`:
// instrument_ms_per_100kb). Cold, at a boot, it costs several times that: Node keeps its output
// (devices/node_meter_cache.ts).
import { Events, scanBody, type BodyScan } from "./body_scan.ts";
import { plan, Scheme } from "./call_graph.ts";
import { codeUnits, weighLoops } from "./code_weight.ts";
import { rewriteBody, wrapper } from "./rewrite_body.ts";
import { DEFAULT_STACK_LIMIT, guard, planStack, STACK_BASE_EXPORT, STACK_EXPORT, STACK_LIMIT_EXPORT } from "./stack_bound.ts";
import { readTables, tableLimit, writeBoundedTables, type TableType } from "./tables.ts";
import { Reader, readSections, SECTION_ORDER, SectionId, WasmFormatError, Writer, type Section } from "./wasm_binary.ts";

/** The exported globals a metered module adds: the counter, and the budget each activation starts with. */
export const FUEL_EXPORT = "__wasmode_fuel";
export const BUDGET_EXPORT = "__wasmode_budget";
/**
 * The module's start function, exported in place of its start section: the host calls it once the
 * budget is set, so the start runs on the `<start fuel>` given, not on the counter's initial value.
 */
export const START_EXPORT = "__wasmode_start";
/** What the counter and the budget hold before the host sets a budget (the start section no longer runs on it: START_EXPORT). */
export const DEFAULT_BUDGET = 1 << 25;
/** The most a budget can be: the counter is a signed 32-bit integer. Core gives it to the top-level init. */
export const MAX_BUDGET = 0x7fffffff;

export interface Metered {
  bytes: Uint8Array;
  /** Defined functions, and how many of them got checks. */
  functions: number;
  metered: number;
  loops: number;
}

interface Export { name: string; kind: number; index: number }

/** Rewrites a module's bytes so that it runs on fuel. Throws WasmFormatError naming the section. */
export function meter(bytes: Uint8Array): Metered {
  const sections = readSections(bytes);
  const section = (id: number): Section | undefined => sections.find((s) => s.id === id);
  const reader = (s: Section, where: string) => new Reader(bytes, s.start, s.end, where);

  const types = readTypes(section(SectionId.Type), reader);
  let importedFuncs = 0, importedGlobals = 0, importedTables = 0;
  // The most pages the memory may have: what memory.grow is charged for at most.
  let memoryPages = 65536;
  const imports = section(SectionId.Import);
  if (imports) {
    const r = reader(imports, "import section");
    for (let n = r.u32(), i = 0; i < n; i++) {
      r.name(); r.name();
      const kind = r.u8();
      if (kind === 0) { importedFuncs++; r.u32(); }
      else if (kind === 1) { importedTables++; r.u8(); limits(r); }
      else if (kind === 2) memoryPages = Math.min(memoryPages, limits(r) ?? 65536);
      else if (kind === 3) { importedGlobals++; r.u8(); r.u8(); }
      else r.fail(`import kind ${kind} is not supported`);
    }
  }
  // Every table gets a maximum, so that what the host charges for it at load bounds it (tables.ts).
  const tableSection = section(SectionId.Table);
  const tables: TableType[] = tableSection ? readTables(reader(tableSection, "table section")) : [];
  // What a table instruction is charged for at most: the entries a table can hold once bounded
  // (an imported one: any number); more fails or traps at once.
  const tableLimits = [...Array<number>(importedTables).fill(Infinity), ...tables.map(tableLimit)];
  const memorySection = section(SectionId.Memory);
  if (memorySection) {
    const r = reader(memorySection, "memory section");
    if (r.u32() > 0) memoryPages = Math.min(memoryPages, limits(r) ?? 65536);
  }
  const funcTypes: number[] = [];
  const funcs = section(SectionId.Function);
  if (funcs) {
    const r = reader(funcs, "function section");
    for (let n = r.u32(), i = 0; i < n; i++) funcTypes.push(r.u32());
  }
  const tabledIndices: number[] = [];
  let definedGlobals = 0;
  const globals = section(SectionId.Global);
  if (globals) {
    const r = reader(globals, "global section");
    definedGlobals = r.u32();
    for (let i = 0; i < definedGlobals; i++) { r.u8(); r.u8(); constExpr(r, tabledIndices); }
  }
  const exports: Export[] = [];
  const exportSection = section(SectionId.Export);
  if (exportSection) {
    const r = reader(exportSection, "export section");
    for (let n = r.u32(), i = 0; i < n; i++) {
      const name = r.name();
      if (name === FUEL_EXPORT || name === BUDGET_EXPORT || name === START_EXPORT || name === STACK_EXPORT || name === STACK_LIMIT_EXPORT || name === STACK_BASE_EXPORT) r.fail(`the module exports "${name}" itself: that name is the host's`);
      exports.push({ name, kind: r.u8(), index: r.u32() });
    }
  }
  const startSection = section(SectionId.Start);
  const start = startSection ? reader(startSection, "start section").u32() : -1;
  // The start section goes; its function becomes an export the host enters like any other.
  if (start >= 0) exports.push({ name: START_EXPORT, kind: 0, index: start });
  const elements = section(SectionId.Element);
  if (elements) readElements(reader(elements, "element section"), tabledIndices);

  const code = section(SectionId.Code);
  const bodies: BodyScan[] = [];
  const bodyRanges: number[] = [];
  // About one event (three numbers) per six bytes of code.
  const events = new Events(code ? (code.end - code.start) >> 1 : 0);
  if (code) {
    const r = reader(code, "code section");
    const n = r.u32();
    if (n !== funcTypes.length) r.fail(`${n} bodies for ${funcTypes.length} functions`);
    // One reader for every body: its description is only built for an error.
    let fn = 0;
    const body = new Reader(bytes, 0, 0, () => `code section, function ${importedFuncs + fn}`);
    for (let i = 0; i < n; i++) {
      const size = r.u32();
      const start = r.pos;
      r.skip(size);
      fn = i; body.pos = start; body.end = start + size;
      // (A function of a type that does not exist is refused below.)
      const scan = scanBody(body, events, types[funcTypes[i]!]?.params.length ?? 0);
      bodies.push(scan);
      bodyRanges.push(start, start + size);
      for (const f of scan.refFuncs) tabledIndices.push(f);
    }
  }
  const tabled = new Uint8Array(bodies.length);
  for (const f of tabledIndices) if (f >= importedFuncs && f - importedFuncs < bodies.length) tabled[f - importedFuncs] = 1;
  const { schemes, touches, threaded, charged, entryBytes } = plan(bodies, importedFuncs, tabled, start);
  weighLoops(bodies, importedFuncs, entryBytes, charged, events);
  // A syscall a table holds may be called indirectly: then every indirect call pays for one.
  const indirectSyscalls = tabledIndices.some((f) => f < importedFuncs);
  for (let i = 0; i < bodies.length; i++) if (funcTypes[i]! >= types.length) throw new WasmFormatError("function section", `type ${funcTypes[i]} of function ${importedFuncs + i} does not exist`);

  // Threaded functions get a type with the counter as their last parameter and result, and their
  // body's block a type of their results when there are several.
  const newTypes: Uint8Array[] = [];
  const threadedType = new Map<number, number>(), resultsType = new Map<number, number>();
  const typeOf = (i: number): number => {
    const t = funcTypes[i]!;
    if (!threaded[i]) return t;
    let k = threadedType.get(t);
    if (k === undefined) {
      const { params, results } = types[t]!;
      const w = new Writer(params.length + results.length + 5);
      w.u8(0x60); w.u32(params.length + 1); w.bytes(params); w.u8(0x7f); w.u32(results.length + 1); w.bytes(results); w.u8(0x7f);
      threadedType.set(t, k = types.length + newTypes.length);
      newTypes.push(w.finish());
    }
    return k;
  };
  const blockType = (i: number): number => {
    const results = types[funcTypes[i]!]!.results;
    if (results.length === 0) return -64;
    if (results.length === 1) return results[0]! - 128;
    let k = resultsType.get(funcTypes[i]!);
    if (k === undefined) {
      const w = new Writer(results.length + 3);
      w.u8(0x60); w.u32(0); w.u32(results.length); w.bytes(results);
      resultsType.set(funcTypes[i]!, k = types.length + newTypes.length);
      newTypes.push(w.finish());
    }
    return k;
  };
  const finalTypes = funcTypes.map((_, i) => typeOf(i));
  const blockTypes = bodies.map((_, i) => (threaded[i] ? blockType(i) : 0));

  const fuel = importedGlobals + definedGlobals, budget = fuel + 1;
  // The stack bound (stack_bound.ts): the recursion stack counter, its limit, the static base.
  const stack = fuel + 2, stackLimit = fuel + 3, stackBase = fuel + 4;
  const signatures = types.map((t) => `${t.params.join(",")}:${t.results.join(",")}`);
  const stackPlan = planStack(bodies, importedFuncs, funcTypes.map((t, i) => types[t]!.params.length + threaded[i]!), tabled, signatures, funcTypes);
  // An exported function the module's code never reaches (no call, no table, no ref.func) resets
  // the counter at its own entry: only the host enters it. Any other gets a wrapper that does,
  // one per function, in the order of first export.
  const reached = new Uint8Array(bodies.length);
  for (const b of bodies) for (const f of b.callees) if (f >= importedFuncs) reached[f - importedFuncs] = 1;
  for (let i = 0; i < bodies.length; i++) if (tabled[i]) reached[i] = 1;
  const resets = new Uint8Array(bodies.length);
  const wrapped = new Map<number, number>();
  for (const e of exports) {
    if (e.kind !== 0 || e.index < importedFuncs) continue;
    const i = e.index - importedFuncs;
    if (!reached[i] && !threaded[i]) resets[i] = 1;
    else if (!wrapped.has(e.index)) wrapped.set(e.index, importedFuncs + funcTypes.length + wrapped.size);
  }

  // A threaded guarded function guards itself: its body has one exit (rewrite_body.ts). Any other
  // guarded function's body moves past the wrappers, and a guard function takes its index.
  const inline = (i: number) => stackPlan.guarded[i] === 1 && threaded[i] === 1;
  const moved: number[] = [];
  for (let i = 0; i < bodies.length; i++) if (stackPlan.guarded[i] && !inline(i)) moved.push(i);
  const movedIndex = (k: number) => importedFuncs + funcTypes.length + wrapped.size + k;
  const movedAt = new Map<number, number>();
  moved.forEach((i, k) => movedAt.set(i, movedIndex(k)));
  const body = (w: Writer, i: number) => rewriteBody(w, bytes, bodyRanges[2 * i]!, bodyRanges[2 * i + 1]!, bodies[i]!, events, {
    fuel, budget, reset: resets[i] === 1, scheme: schemes[i] as Scheme, touches: touches[i] === 1, threaded: threaded[i] === 1,
    params: types[funcTypes[i]!]!.params.length, blockType: blockTypes[i]!, entryUnits: codeUnits(entryBytes[i]!), imported: importedFuncs, touching: touches, threading: threaded, tableLimits, memoryPages, indirectSyscalls,
    stackCharge: inline(i) ? stackPlan.frame[i]! : 0, stack, stackLimit,
  });

  const out = new Writer(bytes.length + (bytes.length >> 3) + 256);
  out.bytes(bytes.subarray(0, 8));
  const emitted = new Set<number>();
  const emit = (id: number) => {
    emitted.add(id);
    const own = section(id);
    // Straight into the output, its size patched in after (no buffer and copy per section).
    const w = out;
    w.u8(id);
    const size = w.mark();
    if (id === SectionId.Type) {
      w.u32(types.length + newTypes.length);
      if (own) w.bytes(bytes.subarray(afterCount(bytes, own), own.end));
      for (const t of newTypes) w.bytes(t);
    } else if (id === SectionId.Function) {
      w.u32(funcTypes.length + wrapped.size + moved.length);
      for (const t of finalTypes) w.u32(t);
      for (const f of wrapped.keys()) w.u32(funcTypes[f - importedFuncs]!);
      for (const i of moved) w.u32(finalTypes[i]!);
    } else if (id === SectionId.Table) {
      writeBoundedTables(w, tables);
    } else if (id === SectionId.Global) {
      w.u32(definedGlobals + 5);
      if (globals) w.bytes(bytes.subarray(afterCount(bytes, globals), globals.end));
      for (let i = 0; i < 2; i++) { w.u8(0x7f); w.u8(1); w.u8(0x41); w.s32(DEFAULT_BUDGET); w.u8(0x0b); }
      for (const [mutable, value] of [[1, 0], [1, DEFAULT_STACK_LIMIT], [0, Math.min(stackPlan.base, 0x7fffffff)]]) { w.u8(0x7f); w.u8(mutable!); w.u8(0x41); w.s32(value!); w.u8(0x0b); }
    } else if (id === SectionId.Export) {
      w.u32(exports.length + 5);
      for (const e of exports) {
        w.name(e.name); w.u8(e.kind);
        w.u32(e.kind === 0 ? wrapped.get(e.index) ?? e.index : e.index);
      }
      w.name(FUEL_EXPORT); w.u8(3); w.u32(fuel);
      w.name(BUDGET_EXPORT); w.u8(3); w.u32(budget);
      w.name(STACK_EXPORT); w.u8(3); w.u32(stack);
      w.name(STACK_LIMIT_EXPORT); w.u8(3); w.u32(stackLimit);
      w.name(STACK_BASE_EXPORT); w.u8(3); w.u32(stackBase);
    } else if (id === SectionId.Code) {
      w.u32(bodies.length + wrapped.size + moved.length);
      for (let i = 0; i < bodies.length; i++) {
        if (movedAt.has(i)) {
          const g = guard(movedAt.get(i)!, types[funcTypes[i]!]!.params.length + threaded[i]!, stackPlan.charge[i]!, stack, stackLimit);
          w.u32(g.length);
          w.bytes(g);
        } else body(w, i);
      }
      for (const f of wrapped.keys()) {
        const body = wrapper(f, types[funcTypes[f - importedFuncs]!]!.params.length, fuel, budget, threaded[f - importedFuncs] === 1);
        w.u32(body.length);
        w.bytes(body);
      }
      for (const i of moved) body(w, i);
    }
    w.patch(size);
  };
  // Sections the rewrite adds go where the format's order puts them.
  const needed = [SectionId.Type, SectionId.Function, SectionId.Table, SectionId.Global, SectionId.Export, SectionId.Code].filter((id) =>
    id === SectionId.Global || id === SectionId.Export || (id === SectionId.Type ? newTypes.length > 0 : id === SectionId.Table ? tableSection : wrapped.size > 0 || section(id)));
  for (const s of sections) {
    for (const id of needed) if (!emitted.has(id) && !section(id) && s.id !== 0 && SECTION_ORDER[id]! < SECTION_ORDER[s.id]!) emit(id);
    if (needed.includes(s.id as never)) emit(s.id);
    else if (s.id === SectionId.Start) continue;
    else { out.u8(s.id); out.u32(s.end - s.start); out.copy(bytes, s.start, s.end); }
  }
  for (const id of needed) if (!emitted.has(id)) emit(id);

  let metered = 0, loops = 0;
  for (let i = 0; i < bodies.length; i++) {
    if (schemes[i] !== Scheme.None) metered++;
    loops += bodies[i]!.loops;
  }
  events.release();
  return { bytes: out.finish(), functions: bodies.length, metered, loops };
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** The parameter and result types of each function type. */
function readTypes(s: Section | undefined, reader: (s: Section, where: string) => Reader): { params: Uint8Array; results: Uint8Array }[] {
  if (!s) return [];
  const r = reader(s, "type section");
  const out: { params: Uint8Array; results: Uint8Array }[] = [];
  const vec = (): Uint8Array => {
    const n = r.u32();
    const at = r.pos;
    r.skip(n);
    const v = r.bytes.subarray(at, at + n);
    for (const t of v) if (!VALTYPES.has(t)) r.fail(`value type 0x${t.toString(16)} is not supported (typed references and GC are refused)`);
    return v;
  };
  for (let n = r.u32(), i = 0; i < n; i++) {
    const form = r.u8();
    if (form !== 0x60) r.fail(`type form 0x${form.toString(16)} is not supported (GC types are refused)`);
    out.push({ params: vec(), results: vec() });
  }
  return out;
}

/** Limits: their maximum, or null when they declare none. */
function limits(r: Reader): number | null {
  const flags = r.u8();
  if (flags & ~3) r.fail("memory64 and other limits flags are not supported");
  r.u32();
  return flags & 1 ? r.u32() : null;
}

/** A constant expression; functions it names with ref.func go to `refs`. */
function constExpr(r: Reader, refs: number[]): void {
  for (;;) {
    const op = r.u8();
    switch (op) {
      case 0x0b: return;
      case 0x41: r.skipLeb(32); break;
      case 0x42: r.skipLeb(64); break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0x23: r.u32(); break;
      case 0xd0: r.s33(); break;
      case 0xd2: refs.push(r.u32()); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break;
      case 0xfd: if (r.u32() !== 12) r.fail("unsupported constant"); r.skip(16); break;
      default: r.fail(`instruction 0x${op.toString(16)} in a constant expression`);
    }
  }
}

/** Element segments: every function they can place in a table goes to `refs`. */
function readElements(r: Reader, refs: number[]): void {
  for (let n = r.u32(), i = 0; i < n; i++) {
    const flags = r.u32();
    if (flags > 7) r.fail(`element segment kind ${flags}`);
    if (flags === 2 || flags === 6) r.u32(); // table index
    if ((flags & 1) === 0) constExpr(r, []); // offset of an active segment
    if (flags === 1 || flags === 2 || flags === 3) r.u8(); // elemkind
    if (flags >= 5 && flags !== 4) r.u8(); // reftype
    const count = r.u32();
    for (let j = 0; j < count; j++) {
      if (flags & 4) constExpr(r, refs);
      else refs.push(r.u32());
    }
  }
}

/** Where a vector's items begin: past its count. */
function afterCount(bytes: Uint8Array, s: Section): number {
  const r = new Reader(bytes, s.start, s.end, "section");
  r.u32();
  return r.pos;
}

export { WasmFormatError };
