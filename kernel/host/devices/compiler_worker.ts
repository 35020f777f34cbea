// What runs inside the compiler device's worker, on either platform: load asc (or wabt, for WAT) once, compile each job over its files in memory, disassemble binaries.
//
// The platform's glue (node_compiler_worker.ts, the page's compiler worker) hands each message in
// and posts what this answers. asc sees only the staged files: it reads nothing of the host's, and
// what it writes besides the binary is dropped.
import { CompileError, compile, loadCompiler } from "../builder/compile.ts";
import { isWat, loadWabt } from "../builder/compile_wat.ts";
import { disassemble, DisassembleError } from "../builder/disassemble.ts";
import { MemoryFiles } from "../files.ts";
import type { CompileProgress, FromCompilerWorker, ToCompilerWorker } from "./compiler.ts";

/** How the platform loads asc, reporting bytes as they come where it can; by default a plain import. */
export type LoadAsc = (progress: (p: CompileProgress) => void) => Promise<unknown>;

const defaultLoad: LoadAsc = () => loadCompiler();

/** Whether this worker loaded asc, and wabt, already: then a compile says nothing of loading it. */
let loaded = false;
let wabtLoaded = false;

/** Loads wabt (its Wasm inside its script, 0.7 MB), saying so the first time; false (and said) when it cannot be had. */
async function wabtReady(post: (m: FromCompilerWorker) => void): Promise<boolean> {
  if (!wabtLoaded) post({ kind: "progress", phase: "loading", loaded: 0, total: 0, line: "loading wabt, the WAT compiler" });
  try {
    await loadWabt();
  } catch (e) {
    post({ kind: "failed", diagnostics: `wabt could not be loaded: ${(e as Error)?.message ?? String(e)}\n`, inputs: [] });
    return false;
  }
  wabtLoaded = true;
  return true;
}

/** Runs one job (a compile, a disassembly) and answers with its outcome; progress goes out as it happens. */
export async function runCompile(m: ToCompilerWorker, post: (m: FromCompilerWorker) => void, load: LoadAsc = defaultLoad): Promise<void> {
  if (m.kind === "disassemble") return runDisassemble(m.binary, m.func, post);
  const wat = m.entries.length === 1 && isWat(m.entries[0]!);
  if (wat && !(await wabtReady(post))) return;
  if (!wat && !loaded) post({ kind: "progress", phase: "loading", loaded: 0, total: 0, line: "loading the AssemblyScript compiler" });
  if (!wat) {
    try {
      await load((p) => post({ kind: "progress", ...p }));
    } catch (e) {
      // The page fetches asc over the network: a failed fetch is told, and the next build tries again.
      post({ kind: "failed", diagnostics: `the AssemblyScript compiler could not be loaded: ${(e as Error)?.message ?? String(e)}\n`, inputs: [] });
      return;
    }
    loaded = true;
  }
  post({ kind: "progress", phase: "compiling", loaded: 0, total: 0, line: `compiling ${m.entries.join(" ")}` });
  const files = new MemoryFiles();
  for (const [path, bytes] of m.files) files.entries.set(path, bytes);
  try {
    const out = await compile(files, m.entries.join("+"), m.entries, m.flags);
    post({ kind: "done", binary: out.binary, inputs: [...out.inputs.keys()].sort() });
  } catch (e) {
    if (!(e instanceof CompileError)) {
      post({ kind: "failed", diagnostics: `the compiler failed: ${(e as Error)?.message ?? String(e)}\n`, inputs: [] });
      return;
    }
    const lines = e.diagnostics.map((d, i) => (e.excerpts[i] ? `${d}\n${e.excerpts[i]}\n` : `${d}\n`));
    post({ kind: "failed", diagnostics: lines.join("") || "compilation failed\n", inputs: [...e.inputs.keys()].sort() });
  }
}

/** A binary as WAT (only function `func` when that is not ""): its text, or why not. */
async function runDisassemble(binary: Uint8Array, func: string, post: (m: FromCompilerWorker) => void): Promise<void> {
  if (!(await wabtReady(post))) return;
  try {
    post({ kind: "text", text: await disassemble(binary, func) });
  } catch (e) {
    const why = e instanceof DisassembleError ? e.message : `wabt failed: ${(e as Error)?.message ?? String(e)}`;
    post({ kind: "failed", diagnostics: why + "\n", inputs: [] });
  }
}
