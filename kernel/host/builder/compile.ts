// Compiles one AssemblyScript module through asc's programmatic API, over any Files.
import type { Files } from "../files.ts";
import { normalize } from "../files.ts";
import { CompileError, type CompileOutput } from "./compile_result.ts";
import { compileWat, isWat } from "./compile_wat.ts";

export { CompileError, type CompileOutput };

type Asc = typeof import("assemblyscript/asc");

let ascModule: Promise<Asc> | null = null;

/** Loads the compiler once per process; it is large, so callers show progress around the first call. */
export function loadCompiler(): Promise<Asc> {
  // A failed load (the page's network) is not kept: the next call tries again.
  ascModule ??= import("assemblyscript/asc").catch((e: unknown) => {
    ascModule = null;
    throw e;
  });
  return ascModule;
}

const decoder = new TextDecoder();

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; start = i + 1; }
  return { line, column: offset - start + 1 };
}

/** The source line holding `offset` and a caret under its column (tabs kept, so the caret lines up). */
export function excerpt(text: string, offset: number, column: number): string {
  const start = offset - (column - 1);
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end).replace(/\r$/, "");
  const pad = line.slice(0, column - 1).replace(/[^\t]/g, " ");
  return `${line}\n${pad}^`;
}

/**
 * The file a diagnostic's source came from. asc names a package's file `~lib/PKG/FILE` after the
 * `node_modules/PKG/FILE` it read; its own standard library (`~lib/...` without a file read) has none.
 */
function sourceFile(normalizedPath: string, texts: Map<string, string>): string | undefined {
  const p = normalize(normalizedPath);
  if (texts.has(p)) return p;
  const packaged = p.startsWith("~lib/") ? "node_modules/" + p.slice(5) : null;
  return packaged !== null && texts.has(packaged) ? packaged : undefined;
}

/**
 * Compiles module `name` from `entries` with asc's `flags`; a module whose one entry is a `.wat`
 * file is compiled by wabt instead (compile_wat.ts: no flags apply to it).
 */
export async function compile(files: Files, name: string, entries: string[], flags: string[]): Promise<CompileOutput> {
  const last = entries[entries.length - 1] ?? "";
  if (isWat(last)) {
    if (entries.length !== 1) throw new CompileError(name, [`${last}: a WAT module is its one file, without other entries (given: ${entries.join(" ")})`]);
    return compileWat(files, name, last);
  }
  const asc = await loadCompiler();
  const inputs = new Map<string, Uint8Array>();
  const texts = new Map<string, string>();
  const diagnostics: string[] = [];
  const excerpts: string[] = [];
  let binary: Uint8Array | null = null;
  const result = await asc.main([...entries, "--outFile", "out.wasm", ...flags], {
    readFile: async (file: string, baseDir: string) => {
      const p = normalize(baseDir + "/" + file);
      if (p === "asconfig.json") return null;
      const bytes = await files.read(p);
      if (bytes === null) return null;
      inputs.set(p, bytes);
      const text = decoder.decode(bytes);
      texts.set(p, text);
      return text;
    },
    writeFile: (file: string, contents: Uint8Array | string) => {
      if (file === "out.wasm" && typeof contents !== "string") binary = contents;
    },
    listFiles: async () => [],
    stdout: asc.createMemoryStream(),
    stderr: asc.createMemoryStream(),
    reportDiagnostic: (d) => {
      if (d.category !== 3 /* DiagnosticCategory.Error */) return;
      const src = d.range?.source?.normalizedPath;
      const file = src !== undefined ? sourceFile(src, texts) : undefined;
      const text = file !== undefined ? texts.get(file) : undefined;
      if (file !== undefined && text !== undefined && d.range) {
        const { line, column } = lineColumn(text, d.range.start);
        diagnostics.push(`${file}:${line}:${column}: ${d.message}`);
        excerpts.push(excerpt(text, d.range.start, column));
      } else {
        diagnostics.push(src !== undefined ? `${src}: ${d.message}` : d.message);
        excerpts.push("");
      }
    },
  });
  if (result.error || binary === null) {
    if (!diagnostics.length && result.error) diagnostics.push(result.error.message);
    throw new CompileError(name, diagnostics, excerpts, inputs);
  }
  return { binary, inputs };
}
