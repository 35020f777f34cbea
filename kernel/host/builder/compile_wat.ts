// Compiles one WAT component (`components/NAME/main.wat`) through wabt, over any Files: parse, validate, binary without names.
import type wabtInit from "wabt";
import type { Files } from "../files.ts";
import { normalize } from "../files.ts";
import { CompileError, type CompileOutput } from "./compile_result.ts";

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

let wabtModule: Promise<Wabt> | null = null;

/** Loads wabt once per process (its Wasm is inside its script); a failed load is not kept. */
export function loadWabt(): Promise<Wabt> {
  wabtModule ??= import("wabt").then((m) => m.default()).catch((e: unknown) => {
    wabtModule = null;
    throw e;
  });
  return wabtModule;
}

/** Whether a module's entry is WAT (its compiler is wabt, not asc). */
export function isWat(entry: string): boolean {
  return entry.endsWith(".wat");
}

/**
 * The features a WAT component may use: fixed here, not wabt's defaults, so that a new wabt reads
 * the same text the same way. What the engine and the fuel rewrite take (no threads, no GC, no
 * exceptions, one 32-bit memory).
 */
export const WAT_FEATURES = {
  mutable_globals: true, sat_float_to_int: true, sign_extension: true, multi_value: true, bulk_memory: true,
  simd: false, reference_types: false, threads: false, exceptions: false, tail_call: false, gc: false, memory64: false,
} as const;

const decoder = new TextDecoder();

/**
 * wabt's error text (`parseWat failed:` then `FILE:LINE:COL: error: message`, the source line and
 * carets, per error) as diagnostics `FILE:LINE:COL: message`, each with its excerpt: the source
 * line and one caret under the column, as asc's are shown.
 */
export function watDiagnostics(message: string, file: string, text: string): { diagnostics: string[]; excerpts: string[] } {
  const diagnostics: string[] = [], excerpts: string[] = [];
  const lines = text.split("\n");
  for (const m of message.matchAll(/^(.+?):(\d+):(\d+): error: (.*)$/gm)) {
    const line = Number(m[2]), column = Number(m[3]);
    diagnostics.push(`${file}:${line}:${column}: ${m[4]}`);
    const source = (lines[line - 1] ?? "").replace(/\r$/, "");
    excerpts.push(`${source}\n${source.slice(0, column - 1).replace(/[^\t]/g, " ")}^`);
  }
  if (!diagnostics.length) {
    diagnostics.push(`${file}: ${message.replace(/^\w+ failed:\n?/, "").trim() || "not valid WAT"}`);
    excerpts.push("");
  }
  return { diagnostics, excerpts };
}

/**
 * Compiles the WAT file `entry` of `files` to a binary: wabt parses it, resolves its names,
 * validates it and writes it without a name section (the same text gives the same bytes). Its one
 * input is the file itself. A problem is a CompileError naming file:line:column.
 */
export async function compileWat(files: Files, name: string, entry: string): Promise<CompileOutput> {
  const wabt = await loadWabt();
  const path = normalize(entry);
  const bytes = await files.read(path);
  const inputs = new Map<string, Uint8Array>();
  if (bytes === null) throw new CompileError(name, [`${path}: no such source`]);
  inputs.set(path, bytes);
  const text = decoder.decode(bytes);
  let module: ReturnType<Wabt["parseWat"]> | null = null;
  try {
    module = wabt.parseWat(path, text, WAT_FEATURES);
    module.resolveNames();
    module.validate();
    const out = module.toBinary({ log: false, write_debug_names: false, canonicalize_lebs: true, relocatable: false });
    return { binary: new Uint8Array(out.buffer), inputs };
  } catch (e) {
    const { diagnostics, excerpts } = watDiagnostics((e as Error)?.message ?? String(e), path, text);
    throw new CompileError(name, diagnostics, excerpts, inputs);
  } finally {
    module?.destroy();
  }
}
