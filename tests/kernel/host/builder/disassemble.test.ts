// A binary as WAT through wabt: the whole text, one function cut out by its parens (strings and comments aside), a binary wabt cannot read named as such.
import { describe, expect, it } from "vitest";
import { compile } from "../../../../kernel/host/builder/compile.ts";
import { disassemble, DisassembleError, formEnd, functionText } from "../../../../kernel/host/builder/disassemble.ts";
import { MemoryFiles } from "../../../../kernel/host/files.ts";

async function binary(text: string): Promise<Uint8Array> {
  const files = new MemoryFiles();
  files.entries.set("m.wat", new TextEncoder().encode(text));
  return (await compile(files, "m.wasm", ["m.wat"], [])).binary;
}

describe("disassembly", () => {
  it("gives wabt's text of a module, functions named by their exports or made up", async () => {
    const text = await disassemble(await binary(`(module (func $a (export "one") (result i32) (i32.const 7)) (func $b (result i32) (call $a)))`));
    expect(text.startsWith("(module\n")).toBe(true);
    expect(text).toContain("(func $one (type $t0) (result i32)\n    i32.const 7");
    expect(text).toContain("(func $f1 (type $t0) (result i32)\n    call $one");
  });

  it("cuts out one function, by NAME or $NAME, up to its own closing paren", async () => {
    const b = await binary(`(module (func $a (export "one") (result i32) (i32.const 7)) (func $b (result i32) (call $a)))`);
    const one = await disassemble(b, "one");
    expect(one).toBe("(func $one (type $t0) (result i32)\n    i32.const 7)\n");
    expect(await disassemble(b, "$f1")).toBe("(func $f1 (type $t0) (result i32)\n    call $one)\n");
  });

  it("counts no paren inside a string or a comment", () => {
    const text = `  (func $x (; a ) in a block comment ;)\n    ;; a ) in a line comment\n    (data "a ) \\" ( in a string")\n    nop)\n  (func $y)\n`;
    expect(text.slice(2, formEnd(text, 2))).toBe(`(func $x (; a ) in a block comment ;)\n    ;; a ) in a line comment\n    (data "a ) \\" ( in a string")\n    nop)`);
    expect(functionText(text, "y")).toBe("(func $y)\n");
  });

  it("names a function that is not there, with some that are", async () => {
    const b = await binary(`(module (func $a (export "one")) (func $b) (func $c))`);
    const e = await disassemble(b, "nope").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DisassembleError);
    expect((e as Error).message).toBe("no function nope; its functions include $one, $f1, $f2");
    expect(() => functionText("(module)\n", "x")).toThrow("no function x: the module defines none");
  });

  it("refuses bytes wabt cannot read, saying so", async () => {
    const e = await disassemble(new Uint8Array([0, 97, 115, 109, 9, 0, 0, 0])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DisassembleError);
    expect((e as Error).message).toMatch(/^not a module wabt can read: /);
  });
});
