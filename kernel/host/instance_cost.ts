// What an instance of a module costs the host beyond its memory and tables, read from the module's shape and charged to its RAM quota.
//
// The figures are V8's (Node 20, V8 11.3, 64-bit, no pointer compression), measured by compiling
// modules of one shape each (100,000 functions, exports, imports, globals, segments; 10^5-10^7
// element entries; 16 MiB of passive data; straight-line code) and instantiating each ten times,
// with the process's RSS, V8's heap and its external memory read after a full GC before and after.
// Each cost is what V8 keeps for the module (compiled once, but charged to every component that
// loads it: a module is a component's own as far as the quota knows) plus what each instance adds.
import { Reader, readSections, SectionId, WasmFormatError } from "./fuel/wasm_binary.ts";

/** What grows with a module: the counts its sections declare. */
export interface ModuleShape {
  /** Size of the module as given. */
  bytes: number;
  types: number;
  imports: number;
  /** Functions it defines (imported ones are counted as imports). */
  functions: number;
  /** Bytes of its code section. */
  codeBytes: number;
  globals: number;
  exports: number;
  elementSegments: number;
  /** Entries of all its element segments. */
  elementEntries: number;
  dataSegments: number;
}

/**
 * Bytes of host memory per item of a shape. Measured per item (module + each instance):
 * - an instance of an empty module: 1.1 KiB of V8's heap and 6.4 KiB of external memory (8 KiB);
 * - a byte of the module: V8's own copy of the bytes it compiled, kept for lazy compilation and
 *   passive data segments (1; measured: a module of the image adds its size in RSS when compiled);
 * - a byte of code: compiled on first call (lazily) by Liftoff, later by TurboFan when hot: the image's
 *   modules compiled eagerly take 5.3 bytes of RSS per byte of their code section beyond their copy,
 *   their functions' own overhead included (4, with a function's charge beside it);
 * - a function: 357 bytes when compiled lazily, 620 once Liftoff compiled it, 1,155 with TurboFan,
 *   and 8 per instance (1 KiB);
 * - a type: 492 bytes (V8 canonicalizes function types for the whole process);
 * - an import: 215 bytes, and 64 per instance (a function's target and reference);
 * - a global: 46 bytes, and 4-8 per instance (its slot in the instance's globals);
 * - an export: 338 bytes per instance for a function (its JS function), 132 for a global (its
 *   WebAssembly.Global), and a few of metadata (384);
 * - an element or data segment: 27-35 bytes, and 8-12 per instance (its start and size);
 * - an element entry: 5 bytes, and 7 per instance once a `table.init` materialized its segment (16).
 */
export const COSTS = {
  instance: 8192,
  byte: 1,
  codeByte: 4,
  function: 1024,
  type: 512,
  import: 320,
  global: 64,
  export: 384,
  segment: 64,
  elementEntry: 16,
} as const;

/** One line of the bill: what, how many, how many bytes in all. */
export interface CostItem { what: string; count: number; bytes: number }

/** The host memory an instance of a module of `shape` may take, item by item (the largest first). */
export function shapeCost(shape: ModuleShape): { bytes: number; items: CostItem[] } {
  const items: CostItem[] = [
    { what: "instance", count: 1, bytes: COSTS.instance },
    { what: "bytes", count: shape.bytes, bytes: shape.bytes * COSTS.byte },
    { what: "bytes of code", count: shape.codeBytes, bytes: shape.codeBytes * COSTS.codeByte },
    { what: "functions", count: shape.functions, bytes: shape.functions * COSTS.function },
    { what: "types", count: shape.types, bytes: shape.types * COSTS.type },
    { what: "imports", count: shape.imports, bytes: shape.imports * COSTS.import },
    { what: "globals", count: shape.globals, bytes: shape.globals * COSTS.global },
    { what: "exports", count: shape.exports, bytes: shape.exports * COSTS.export },
    { what: "element segments", count: shape.elementSegments, bytes: shape.elementSegments * COSTS.segment },
    { what: "element entries", count: shape.elementEntries, bytes: shape.elementEntries * COSTS.elementEntry },
    { what: "data segments", count: shape.dataSegments, bytes: shape.dataSegments * COSTS.segment },
  ];
  items.sort((a, b) => b.bytes - a.bytes);
  return { bytes: items.reduce((n, i) => n + i.bytes, 0), items };
}

/** The counts of the sections of a module (headers only, and the element segments' entry counts); throws WasmFormatError on malformed bytes. */
export function readShape(bytes: Uint8Array): ModuleShape {
  const shape: ModuleShape = { bytes: bytes.length, types: 0, imports: 0, functions: 0, codeBytes: 0, globals: 0, exports: 0, elementSegments: 0, elementEntries: 0, dataSegments: 0 };
  for (const s of readSections(bytes)) {
    if (s.id === SectionId.Custom) continue;
    const r = new Reader(bytes, s.start, s.end, "section");
    if (s.id === SectionId.Code) shape.codeBytes = s.end - s.start;
    if (s.id === SectionId.Element) {
      countElements(r, shape);
      continue;
    }
    const count = s.id === SectionId.Start || s.id === SectionId.DataCount ? 0 : r.u32();
    if (s.id === SectionId.Type) shape.types = count;
    else if (s.id === SectionId.Import) shape.imports = count;
    else if (s.id === SectionId.Function) shape.functions = count;
    else if (s.id === SectionId.Global) shape.globals = count;
    else if (s.id === SectionId.Export) shape.exports = count;
    else if (s.id === SectionId.Data) shape.dataSegments = count;
  }
  return shape;
}

/** Counts the element segments and their entries (the spec's eight encodings). */
function countElements(r: Reader, shape: ModuleShape): void {
  const n = r.u32();
  shape.elementSegments = n;
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    if (flags > 7) throw new WasmFormatError("element section", `segment ${i} has flags ${flags}`);
    if ((flags & 3) === 2) r.u32(); // a table index
    if ((flags & 1) === 0) skipConstExpr(r); // an active segment's offset
    if (flags & 3) r.u8(); // its element kind or reference type
    const entries = r.u32();
    shape.elementEntries += entries;
    for (let e = 0; e < entries; e++) {
      if (flags & 4) skipConstExpr(r);
      else r.u32();
    }
  }
}

/** Skips a constant expression up to its `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x23 || op === 0xd2) r.skipLeb(32); // i32.const, global.get, ref.func
    else if (op === 0x42) r.skipLeb(64); // i64.const
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xd0) r.u8(); // ref.null t
    else if (op === 0xfd) { r.u32(); r.skip(16); } // v128.const
    else if (op !== 0x6a && op !== 0x6b && op !== 0x6c && op !== 0x7c && op !== 0x7d && op !== 0x7e) r.fail(`opcode 0x${op.toString(16)} in a constant expression`);
  }
}
