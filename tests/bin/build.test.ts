// npm run build: one process compiles every module, skips unchanged ones, and two clean builds are identical.
import { describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildImage } from "../../bin/build.ts";
import { CompileError } from "../../kernel/host/builder/compile.ts";
import { repoRoot } from "../support/paths.ts";

/** A copy of the sources the build reads, in a fresh folder: kernel, components, shell, the recipe, the compiler. */
function sourceCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wasmode-build-"));
  for (const d of ["kernel", "components", "shell", "system"]) if (existsSync(path.join(repoRoot, d))) cpSync(path.join(repoRoot, d), path.join(dir, d), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));

describe("the build", () => {
  it("gives byte-identical images from two clean builds", async () => {
    const a = sourceCopy(), b = sourceCopy();
    const ra = await buildImage(a, "build/image", true);
    const rb = await buildImage(b, "build/image", true);
    expect(ra.compiled.length).toBeGreaterThanOrEqual(5);
    expect(rb.compiled).toEqual(ra.compiled);
    const fa = files(path.join(a, "build/image")), fb = files(path.join(b, "build/image"));
    expect(Object.keys(fa)).toEqual(Object.keys(fb));
    // Every binary, the source package and the trusted keys are the same bytes; a provenance
    // differs only in when its build ran (and so its signature), and the manifest in their hashes.
    for (const name of Object.keys(fa).filter((n) => !n.endsWith(".intoto.jsonl") && n !== "manifest.json")) expect(Buffer.compare(fa[name]!, fb[name]!), name).toBe(0);
    const statement = (bytes: Buffer) => {
      const s = JSON.parse(Buffer.from(JSON.parse(bytes.toString()).payload, "base64").toString());
      delete s.predicate.runDetails.metadata;
      return s;
    };
    for (const name of Object.keys(fa).filter((n) => n.endsWith(".intoto.jsonl"))) expect(statement(fa[name]!), name).toEqual(statement(fb[name]!));
    // The manifest lists name, size and sha256 of each binary and its provenance.
    const manifest = JSON.parse(fa["manifest.json"]!.toString()) as { modules: { name: string; size: number; sha256: string }[] };
    // ... and of the source package, the trusted keys and the bill of materials beside them.
    expect(manifest.modules.map((m) => m.name)).toEqual(Object.keys(fa).filter((f) => f !== "manifest.json"));
    expect(Object.keys(fa).filter((f) => f.endsWith(".wasm")).every((f) => fa[`${f}.intoto.jsonl`])).toBe(true);
    expect(manifest.modules.map((m) => m.name)).toContain("sbom.cdx.json");
    for (const m of manifest.modules) {
      expect(m.size).toBe(fa[m.name]!.length);
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  }, 240_000);

  it("rebuilds only what changed, and shows progress", async () => {
    const dir = sourceCopy();
    await buildImage(dir, "build/image", true);
    const again = await buildImage(dir, "build/image", true);
    expect(again.compiled).toEqual([]);
    // One component's source changes: only it rebuilds.
    writeFileSync(path.join(dir, "components/hello/main.ts"), `import { log } from "../lib/log.ts";\nlog("Hello again");\n`);
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (lines.push(s), true)) as typeof process.stderr.write;
    let third;
    try {
      third = await buildImage(dir, "build/image");
    } finally {
      process.stderr.write = write;
    }
    expect(third.compiled).toEqual(["hello.wasm"]);
    expect(lines.join("")).toMatch(/\[\d+\/\d+\] kernel\.wasm: up to date/);
    expect(lines.join("")).toMatch(/\[\d+\/\d+\] hello\.wasm: compiling components\/hello\/main\.ts/);
  }, 120_000);

  it("names file, line and column of a compile error", async () => {
    const dir = sourceCopy();
    writeFileSync(path.join(dir, "components/hello/main.ts"), `import { log } from "../lib/log.ts";\n\nlog(undefinedThing);\n`);
    const err = await buildImage(dir, "build/image", true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect((err as Error).message).toContain("components/hello/main.ts:3:5: Cannot find name 'undefinedThing'.");
  }, 120_000);
});
