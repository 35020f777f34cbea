// The fuel rewrite bounds every table: a declared maximum stays, a table without one cannot grow past its initial size.
import { describe, expect, it } from "vitest";
import { meter } from "../../../../kernel/host/fuel/meter.ts";
import { WasmFormatError } from "../../../../kernel/host/fuel/wasm_binary.ts";
import { wat } from "../../../support/system.ts";

/** The exports of the metered form of `text`. */
async function metered(text: string): Promise<Record<string, unknown>> {
  const bytes = meter(await wat(text)).bytes;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {}).exports;
}

describe("tables in the fuel rewrite", () => {
  it("a table declared without a maximum cannot grow: table.grow gives -1 and the size stays", async () => {
    const ex = await metered(`(module (table $t 2 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
      (func (export "size") (result i32) (table.size $t)))`);
    const grow = ex.grow as (n: number) => number, size = ex.size as () => number;
    expect(grow(10_000_000)).toBe(-1);
    expect(grow(1)).toBe(-1);
    expect(grow(0)).toBe(2);
    expect(size()).toBe(2);
  });

  it("a declared maximum is kept: growth up to it succeeds, past it fails", async () => {
    const ex = await metered(`(module (table $t 1 100 externref)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null extern) (local.get 0))))`);
    const grow = ex.grow as (n: number) => number;
    expect(grow(99)).toBe(1);
    expect(grow(1)).toBe(-1);
  });

  it("bounds every table of a module, and the JS API sees the bound too", async () => {
    const ex = await metered(`(module (table (export "a") 1 funcref) (table (export "b") 3 8 externref) (table (export "c") 0 funcref))`);
    const [a, b, c] = ["a", "b", "c"].map((n) => ex[n] as WebAssembly.Table);
    expect(() => a!.grow(1)).toThrow(RangeError);
    expect(b!.grow(5)).toBe(3);
    expect(() => b!.grow(1)).toThrow(RangeError);
    expect(() => c!.grow(1)).toThrow(RangeError);
    expect([a!.length, b!.length, c!.length]).toEqual([1, 8, 0]);
  });

  it("leaves a module without tables without a table section", async () => {
    const bytes = meter(await wat(`(module (func (export "f")))`)).bytes;
    expect(WebAssembly.Module.exports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).map((e) => e.kind)).not.toContain("table");
    expect(findSection(bytes, 4)).toBe(false);
  });

  it("refuses a table section it cannot read, naming it", () => {
    // One table of type 0x7f (i32): not a reference type.
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 4, 4, 1, 0x7f, 0, 1]);
    expect(() => meter(bytes)).toThrow(WasmFormatError);
    expect(() => meter(bytes)).toThrow(/^table section: table 0 has type 0x7f/);
  });
});

function findSection(b: Uint8Array, id: number): boolean {
  let pos = 8;
  while (pos < b.length) {
    const sid = b[pos++]!;
    let size = 0, shift = 0, x = 0;
    do { x = b[pos++]!; size |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
    if (sid === id) return true;
    pos += size;
  }
  return false;
}
