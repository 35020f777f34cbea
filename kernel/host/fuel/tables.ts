// A module's tables: read from its table section, and written back with a maximum each, so the host can charge them.
//
// A table is host memory outside the component's Wasm memory. The rewrite gives every table a
// maximum (its declared one, or its initial size when it declares none), so `table.grow` past it
// returns -1, as the spec allows, and the host charges each table's maximum at load
// (module_check.ts): growth at run time never exceeds what was charged.
import type { Reader, Writer } from "./wasm_binary.ts";

export interface TableType {
  /** The reference type: 0x70 funcref, 0x6f externref. */
  ref: number;
  min: number;
  /** The declared maximum, or null when the module declares none. */
  max: number | null;
}

/** The tables a table section defines, in index order (after any imported ones). */
export function readTables(r: Reader): TableType[] {
  const out: TableType[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const ref = r.u8();
    if (ref !== 0x70 && ref !== 0x6f) r.fail(`table ${i} has type 0x${ref.toString(16)}: only funcref and externref tables are supported`);
    const flags = r.u8();
    if (flags & ~1) r.fail(`table ${i} has limits flags ${flags}: table64 and shared tables are not supported`);
    const min = r.u32();
    out.push({ ref, min, max: flags & 1 ? r.u32() : null });
  }
  if (!r.done) r.fail("bytes past the last table");
  return out;
}

/** The largest size a table can reach once bounded: its declared maximum, else its initial size. */
export function tableLimit(t: TableType): number {
  return t.max ?? t.min;
}

/** Writes a table section's content in which every table has a maximum (tableLimit). */
export function writeBoundedTables(w: Writer, tables: TableType[]): void {
  w.u32(tables.length);
  for (const t of tables) {
    w.u8(t.ref);
    w.u8(1);
    w.u32(t.min);
    w.u32(tableLimit(t));
  }
}
