// The ABI file and the sessions' protocol files: the AssemblyScript side (kernel, components) and the TypeScript host read the same values.
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { MemoryFiles } from "../../kernel/host/files.ts";
import { compile } from "../../kernel/host/builder/compile.ts";
import { SYSCALLS } from "../../kernel/host/module_check.ts";
import { readRepoFile } from "../support/system.ts";
import { repoRoot } from "../support/paths.ts";

/** kernel/abi.ts and every components/NAME_session/protocol.ts, found in the tree (so a new session's cannot be forgotten). */
function portableFiles(): string[] {
  const sessions = readdirSync(path.join(repoRoot, "components"))
    .filter((d) => d.endsWith("_session") && existsSync(path.join(repoRoot, "components", d, "protocol.ts")))
    .sort()
    .map((d) => `components/${d}/protocol.ts`);
  return ["kernel/abi.ts", ...sessions];
}

/** Every `Enum.Member` declared in `source`, found by the TypeScript parser (so none is forgotten). */
function declaredMembers(source: string): string[] {
  const file = ts.createSourceFile("f.ts", source, ts.ScriptTarget.ES2022);
  const names: string[] = [];
  for (const stmt of file.statements) {
    if (!ts.isEnumDeclaration(stmt)) continue;
    for (const m of stmt.members) names.push(`${stmt.name.text}.${(m.name as ts.Identifier).text}`);
  }
  return names;
}

/** What in `source` is not a const enum: a portable file holds nothing else. */
function notConstEnums(source: string): string[] {
  const file = ts.createSourceFile("f.ts", source, ts.ScriptTarget.ES2022);
  return file.statements
    .filter((s) => !(ts.isEnumDeclaration(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ConstKeyword)))
    .map((s) => s.getText(file).split("\n")[0]!);
}

const files = portableFiles();
const sources = new Map(files.map((f) => [f, readRepoFile(f)]));

describe("the portable files", () => {
  it("are the ABI file and one protocol per session, core's device sessions too", () => {
    expect(files).toEqual(expect.arrayContaining([
      "kernel/abi.ts",
      ...["clock", "fs", "log", "pd", "report", "rom", "storage", "terminal", "timer"].map((s) => `components/${s}_session/protocol.ts`),
    ]));
  });

  it.each(files)("%s starts by saying both compilers read it and it must stay portable", (f) => {
    const first = sources.get(f)!.split("\n")[0]!;
    expect(first).toMatch(/^\/\/ /);
    expect(first).toMatch(/portable/i);
    expect(first).toMatch(/shared|both compilers/i);
  });

  it.each(files)("%s holds only const enums of integers, imports nothing", (f) => {
    expect(notConstEnums(sources.get(f)!)).toEqual([]);
    expect(declaredMembers(sources.get(f)!).length).toBeGreaterThan(0);
  });

  it("declare each enum once, so an import names one thing", () => {
    const owners = new Map<string, string[]>();
    for (const f of files) {
      for (const e of new Set(declaredMembers(sources.get(f)!).map((m) => m.split(".")[0]!))) owners.set(e, [...(owners.get(e) ?? []), f]);
    }
    expect([...owners].filter(([, fs]) => fs.length > 1)).toEqual([]);
  });

  it("give AssemblyScript the same values as TypeScript", async () => {
    // One AssemblyScript module that imports every file and reports every member's value.
    const members = files.flatMap((f, i) => declaredMembers(sources.get(f)!).map((m) => ({ file: f, ns: `p${i}`, m })));
    const harness =
      files.map((f, i) => `import * as p${i} from "./${f}";\n`).join("") +
      `export function values(): string {\n  const out = new Array<string>();\n` +
      members.map(({ ns, m }) => `  out.push((<i64>${ns}.${m}).toString());\n`).join("") +
      `  return out.join(",");\n}\n`;
    const mem = new MemoryFiles();
    for (const [f, s] of sources) await mem.write(f, new TextEncoder().encode(s));
    await mem.write("harness.ts", new TextEncoder().encode(harness));
    const { binary } = await compile(mem, "abi-harness", ["harness.ts"], ["--runtime", "stub", "--exportRuntime", "--bindings", "raw"]);
    const { instance } = await WebAssembly.instantiate(binary as Uint8Array<ArrayBuffer>, { env: { abort: () => { throw new Error("abort"); } } });
    const ex = instance.exports as { values(): number; memory: WebAssembly.Memory };
    const ptr = ex.values();
    const bytes = new Uint8Array(ex.memory.buffer);
    const len = new Uint32Array(ex.memory.buffer, ptr - 4, 1)[0]!;
    const asValues = new TextDecoder("utf-16le").decode(bytes.slice(ptr, ptr + len)).split(",").map(Number);

    const modules = new Map<string, Record<string, Record<string, number>>>();
    for (const f of files) modules.set(f, await import(/* @vite-ignore */ path.join(repoRoot, f)));
    const tsValues = members.map(({ file, m }) => {
      const [e, k] = m.split(".") as [string, string];
      return modules.get(file)![e]![k];
    });
    expect(tsValues.every((v) => typeof v === "number")).toBe(true);
    const key = ({ file, m }: { file: string; m: string }) => `${file}: ${m}`;
    expect(Object.fromEntries(members.map((x, i) => [key(x), asValues[i]]))).toEqual(Object.fromEntries(members.map((x, i) => [key(x), tsValues[i]])));
  });

  it("are imported by the kernel, the SDK and the host", () => {
    expect(readRepoFile("kernel/main.ts")).toContain(`from "./abi.ts"`);
    expect(readRepoFile("components/lib/message.ts")).toContain(`from "../../kernel/abi.ts"`);
    expect(readRepoFile("kernel/host/ipc.ts")).toContain(`from "../abi.ts"`);
    expect(readRepoFile("components/lib/timer.ts")).toContain(`from "../timer_session/protocol.ts"`);
    expect(readRepoFile("kernel/host/core/log_service.ts")).toContain(`from "../../../components/log_session/protocol.ts"`);
  });
});

describe("the syscalls", () => {
  it("the SDK declares are exactly the `wasmode` imports the loader allows", () => {
    const declared = [...readRepoFile("components/lib/syscalls.ts").matchAll(/@external\("wasmode", "([a-z_]+)"\)/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...SYSCALLS].sort());
  });
});
