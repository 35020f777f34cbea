// The one ABI file: the AssemblyScript side (kernel, components) and the TypeScript host read the same values.
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { MemoryFiles } from "../../kernel/host/files.ts";
import { compile } from "../../kernel/host/builder/compile.ts";
import * as abi from "../../kernel/abi.ts";
import { readRepoFile } from "../support/system.ts";

/** Every `Enum.Member` declared in kernel/abi.ts, found by the TypeScript parser (so none is forgotten). */
function declaredMembers(source: string): string[] {
  const file = ts.createSourceFile("abi.ts", source, ts.ScriptTarget.ES2022);
  const names: string[] = [];
  for (const stmt of file.statements) {
    if (!ts.isEnumDeclaration(stmt)) continue;
    for (const m of stmt.members) names.push(`${stmt.name.text}.${(m.name as ts.Identifier).text}`);
  }
  return names;
}

describe("kernel/abi.ts", () => {
  const source = readRepoFile("kernel/abi.ts");
  const members = declaredMembers(source);

  it("starts by saying it is shared and must stay portable", () => {
    expect(source.split("\n")[0]).toMatch(/shared.*portable/i);
  });

  it("holds only const enums (portable to both compilers)", () => {
    const file = ts.createSourceFile("abi.ts", source, ts.ScriptTarget.ES2022);
    for (const stmt of file.statements) {
      if (ts.isImportDeclaration(stmt)) throw new Error("the ABI file imports nothing");
      expect(ts.isEnumDeclaration(stmt) && stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ConstKeyword)).toBe(true);
    }
    expect(members.length).toBeGreaterThan(60);
  });

  it("gives AssemblyScript the same values as TypeScript", async () => {
    // An AssemblyScript module that imports the ABI file and reports every member's value.
    const harness =
      `import * as abi from "./abi.ts";\n` +
      `export function values(): string {\n  const out = new Array<string>();\n` +
      members.map((m) => `  out.push((<i64>abi.${m}).toString());\n`).join("") +
      `  return out.join(",");\n}\n`;
    const files = new MemoryFiles();
    await files.write("abi.ts", new TextEncoder().encode(source));
    await files.write("harness.ts", new TextEncoder().encode(harness));
    const { binary } = await compile(files, "abi-harness", ["harness.ts"], ["--runtime", "stub", "--exportRuntime", "--bindings", "raw"]);
    const { instance } = await WebAssembly.instantiate(binary as Uint8Array<ArrayBuffer>, { env: { abort: () => { throw new Error("abort"); } } });
    const ex = instance.exports as { values(): number; memory: WebAssembly.Memory };
    const ptr = ex.values();
    const mem = new Uint8Array(ex.memory.buffer);
    const len = new Uint32Array(ex.memory.buffer, ptr - 4, 1)[0]!;
    const asValues = new TextDecoder("utf-16le").decode(mem.slice(ptr, ptr + len)).split(",").map(Number);

    const tsValues = members.map((m) => {
      const [e, k] = m.split(".") as [string, string];
      return (abi as unknown as Record<string, Record<string, number>>)[e]![k];
    });
    expect(tsValues.every((v) => typeof v === "number")).toBe(true);
    expect(Object.fromEntries(members.map((m, i) => [m, asValues[i]]))).toEqual(Object.fromEntries(members.map((m, i) => [m, tsValues[i]])));
  });

  it("is imported by the kernel, the SDK and the host", () => {
    expect(readRepoFile("kernel/main.ts")).toContain(`from "./abi.ts"`);
    expect(readRepoFile("components/lib/message.ts")).toContain(`from "../../kernel/abi.ts"`);
    expect(readRepoFile("kernel/host/ipc.ts")).toContain(`from "../abi.ts"`);
  });
});
