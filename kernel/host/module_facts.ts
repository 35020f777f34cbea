// What a component's sections say of its link with the host: its memory's size, its tables, the types of `call` and `__dispatch`.
import { readTables, type TableType } from "./fuel/tables.ts";
import { Reader, readSections, SectionId } from "./fuel/wasm_binary.ts";

/** The type of the `call` syscall, a Wasm function (the call gate). */
export const CALL_TYPE = "(i32) -> i32";
/** The type of `__dispatch`, which the serve gate imports. */
export const DISPATCH_TYPE = "(i32, i32, i32) -> i32";

export interface ModuleFacts {
  /** Initial pages of the imported memory. */
  minPages: number;
  /** The tables it defines (it may import none), as declared. */
  tables: TableType[];
  /** The most pages the imported memory declares it may grow to; null when it declares none. */
  maxPages: number | null;
  /** The imported memory's flags beyond its maximum: shared (threads), 64-bit addresses. */
  sharedMemory: boolean;
  memory64: boolean;
  /** The type of the imported `wasmode.call`, as text; null when not imported. */
  callType: string | null;
  /** The type of the exported `__dispatch`, as text; null when not exported as a function. */
  dispatchType: string | null;
}

const VALUE_TYPES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

/** Reads the sections of a module the engine has validated. */
export function moduleFacts(bytes: Uint8Array): ModuleFacts {
  const facts: ModuleFacts = { minPages: 0, maxPages: null, sharedMemory: false, memory64: false, tables: [], callType: null, dispatchType: null };
  const sections = readSections(bytes);
  const reader = (id: number) => {
    const s = sections.find((x) => x.id === id);
    return s ? new Reader(bytes, s.start, s.end, "section") : null;
  };
  const types = functionTypes(reader(SectionId.Type));
  /** The type index of each function: the imported ones, then the defined ones. */
  const functions: number[] = [];
  const imports = reader(SectionId.Import);
  if (imports) {
    for (let n = imports.u32(), i = 0; i < n; i++) {
      const module = imports.name(), field = imports.name();
      const kind = imports.u8();
      if (kind === 0) {
        const type = imports.u32();
        functions.push(type);
        // Imported twice, a wrong type wins: each import must link with the gate.
        if (module === "wasmode" && field === "call" && facts.callType !== null && facts.callType !== CALL_TYPE) continue;
        if (module === "wasmode" && field === "call") facts.callType = types[type] ?? "?";
        continue;
      }
      if (kind === 3) { imports.u8(); imports.u8(); continue; }
      if (kind === 4) { imports.u8(); imports.u32(); continue; } // a tag
      if (kind === 1) imports.u8(); // a table's reference type comes before its limits
      const flags = imports.u8();
      const min = imports.u32();
      const max = flags & 1 ? imports.u32() : null;
      if (kind === 2) {
        facts.minPages = min;
        facts.maxPages = max;
        facts.sharedMemory = (flags & 2) !== 0;
        facts.memory64 = (flags & 4) !== 0;
      }
    }
  }
  const tables = reader(SectionId.Table);
  if (tables) facts.tables = readTables(tables);
  const defined = reader(SectionId.Function);
  if (defined) for (let n = defined.u32(), i = 0; i < n; i++) functions.push(defined.u32());
  const exports = reader(SectionId.Export);
  if (exports) {
    for (let n = exports.u32(), i = 0; i < n; i++) {
      const name = exports.name(), kind = exports.u8(), index = exports.u32();
      if (name === "__dispatch" && kind === 0) facts.dispatchType = types[functions[index]!] ?? "?";
    }
  }
  return facts;
}

/** Function types as text, `(i32) -> i32`, by index. */
function functionTypes(r: Reader | null): string[] {
  const out: string[] = [];
  if (!r) return out;
  const list = () => {
    const v: string[] = [];
    for (let n = r.u32(), i = 0; i < n; i++) { const t = r.u8(); v.push(VALUE_TYPES[t] ?? `0x${t.toString(16)}`); }
    return v;
  };
  for (let n = r.u32(), i = 0; i < n; i++) {
    if (r.u8() !== 0x60) return out; // not a plain function type (GC proposals): those after it stay unknown
    const params = list();
    out.push(`(${params.join(", ")}) -> ${list().join(", ") || "()"}`);
  }
  return out;
}
