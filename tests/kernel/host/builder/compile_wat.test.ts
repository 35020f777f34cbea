// WAT components through wabt: the image's wat_hello builds and passes core's checks, errors name file:line:column, the same text gives the same bytes.
import { describe, expect, it } from "vitest";
import { build, signProvenance } from "../../../../kernel/host/builder/builder.ts";
import { parseEnvelope } from "../../../../kernel/host/provenance/dsse.ts";
import { generateKey } from "../../../../kernel/host/provenance/keys.ts";
import { parseStatement } from "../../../../kernel/host/provenance/statement.ts";
import { compile, CompileError } from "../../../../kernel/host/builder/compile.ts";
import { MemoryFiles } from "../../../../kernel/host/files.ts";
import { checkModule } from "../../../../kernel/host/module_check.ts";
import { NodeFiles } from "../../../../kernel/host/devices/node_files.ts";
import { packageRecipe } from "../../../../bin/recipe.ts";
import { repoRoot } from "../../../support/paths.ts";

const encoder = new TextEncoder();

function filesWith(path: string, text: string): MemoryFiles {
  const files = new MemoryFiles();
  files.entries.set(path, encoder.encode(text));
  return files;
}

async function failure(files: MemoryFiles, entry: string): Promise<CompileError> {
  const e = await compile(files, "bad.wasm", [entry], []).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CompileError);
  return e as CompileError;
}

describe("a WAT component", () => {
  it("is discovered as components/NAME/main.wat, its one entry, without flags", async () => {
    const specs = await packageRecipe().discover(new NodeFiles(repoRoot));
    expect(specs.find((s) => s.name === "wat_hello.wasm")).toEqual({ name: "wat_hello.wasm", entries: ["components/wat_hello/main.wat"], flags: [] });
    expect(packageRecipe().component("x", "components/x/main.wat", "dev")).toEqual({ name: "x.wasm", entries: ["components/x/main.wat"], flags: [] });
  });

  it("builds wat_hello to a module core loads, its one input the .wat file", async () => {
    const out = await compile(new NodeFiles(repoRoot), "wat_hello.wasm", ["components/wat_hello/main.wat"], []);
    expect([...out.inputs.keys()]).toEqual(["components/wat_hello/main.wat"]);
    const checked = checkModule("wat_hello.wasm", out.binary);
    expect(checked.metered).toBe(true);
    expect(WebAssembly.Module.exports(checked.module).map((e) => e.name)).toContain("__ipc_buffer");
  });

  it("gives the same bytes for the same text, and writes no names", async () => {
    const text = `(module (import "env" "memory" (memory 1)) (global $ipc i32 (i32.const 1024)) (export "__ipc_buffer" (global $ipc)) (func $begin_here (export "_start")))`;
    const a = await compile(filesWith("c/a/main.wat", text), "a.wasm", ["c/a/main.wat"], []);
    const b = await compile(filesWith("c/a/main.wat", text), "a.wasm", ["c/a/main.wat"], []);
    expect(a.binary).toEqual(b.binary);
    // No name section: the function's `$begin_here` is not in the bytes, its export's name is.
    expect(Buffer.from(a.binary).includes("begin_here")).toBe(false);
    expect(Buffer.from(a.binary).includes("_start")).toBe(true);
  });

  it("names file:line:column of a syntax error, with the line and a caret", async () => {
    const e = await failure(filesWith("components/bad/main.wat", "(module\n  (func $f\n    (i32.conts 1)))\n"), "components/bad/main.wat");
    expect(e.diagnostics).toEqual([`components/bad/main.wat:3:6: unexpected token "i32.conts", expected an instr.`]);
    expect(e.excerpts[0]).toBe("    (i32.conts 1)))\n     ^");
    expect([...e.inputs.keys()]).toEqual(["components/bad/main.wat"]);
  });

  it("names file:line:column of a module that does not validate", async () => {
    const e = await failure(filesWith("w/main.wat", "(module\n  (func (result i32)\n    i64.const 1))\n"), "w/main.wat");
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]).toMatch(/^w\/main\.wat:3:5: type mismatch/);
  });

  it("refuses a WAT entry among others, and a missing file, by name", async () => {
    const e = await compile(filesWith("w/main.wat", "(module)"), "w.wasm", ["lib/exports.ts", "w/main.wat"], []).catch((x: unknown) => x);
    expect((e as CompileError).message).toMatch(/a WAT module is its one file/);
    const missing = await failure(new MemoryFiles(), "w/main.wat");
    expect(missing.diagnostics).toEqual(["w/main.wat: no such source"]);
  });

  it("is rebuilt by the image builder only when its text changes", async () => {
    const files = filesWith("components/w/main.wat", `(module (import "env" "memory" (memory 1)))`);
    const spec = { name: "w.wasm", entries: ["components/w/main.wat"], flags: [] };
    const opts = { imageDir: "image", cacheDir: "cache", compilerVersion: "asc 0", watCompilerVersion: "wabt 1" };
    expect((await build(files, [spec], opts)).compiled).toEqual(["w.wasm"]);
    expect((await build(files, [spec], opts)).skipped).toEqual(["w.wasm"]);
    // A new asc does not rebuild it; a new wabt does.
    expect((await build(files, [spec], { ...opts, compilerVersion: "asc 1" })).skipped).toEqual(["w.wasm"]);
    expect((await build(files, [spec], { ...opts, watCompilerVersion: "wabt 2" })).compiled).toEqual(["w.wasm"]);
    files.entries.set("components/w/main.wat", encoder.encode(`(module (import "env" "memory" (memory 2)))`));
    expect((await build(files, [spec], { ...opts, watCompilerVersion: "wabt 2" })).compiled).toEqual(["w.wasm"]);
  });

  it("gets a provenance naming wabt's package, its one source and no flags", async () => {
    const { key } = await generateKey();
    const asc = { name: "assemblyscript", version: "0.28.0", sha512: "a".repeat(128) }, wabt = { name: "wabt", version: "1.0.39", sha512: "b".repeat(128) };
    const spec = { name: "w.wasm", entries: ["components/w/main.wat"], flags: [] };
    const sign = { key, toolchain: [asc], watToolchain: [wabt], builder: "test", profile: "release" };
    const envelope = await signProvenance(spec, "c".repeat(64), { "components/w/main.wat": "d".repeat(64) }, sign, "", "");
    const statement = parseStatement(parseEnvelope(envelope).payload);
    const definition = statement.predicate.buildDefinition;
    expect(definition.externalParameters.flags).toEqual([]);
    expect(definition.resolvedDependencies.map((d) => d.uri)).toEqual(["components/w/main.wat", "pkg:npm/wabt@1.0.39"]);
    // An AssemblyScript module names asc's.
    const ts = await signProvenance({ ...spec, entries: ["components/w/main.ts"] }, "c".repeat(64), {}, sign, "", "");
    expect(parseStatement(parseEnvelope(ts).payload).predicate.buildDefinition.resolvedDependencies.map((d) => d.uri)).toEqual(["pkg:npm/assemblyscript@0.28.0"]);
  });
});
