// What runs inside the compiler device's worker, on either platform: load asc once, compile each job over its files in memory.
//
// The platform's glue (node_compiler_worker.ts, the page's compiler worker) hands each message in
// and posts what this answers. asc sees only the staged files: it reads nothing of the host's, and
// what it writes besides the binary is dropped.
import { CompileError, compile, loadCompiler } from "../builder/compile.ts";
import { MemoryFiles } from "../files.ts";
import type { CompileProgress, FromCompilerWorker, ToCompilerWorker } from "./compiler.ts";

/** How the platform loads asc, reporting bytes as they come where it can; by default a plain import. */
export type LoadAsc = (progress: (p: CompileProgress) => void) => Promise<unknown>;

const defaultLoad: LoadAsc = () => loadCompiler();

/** Whether this worker loaded asc already: then a compile says nothing of loading it. */
let loaded = false;

/** Runs one compile and answers with its outcome; progress goes out as it happens. */
export async function runCompile(m: ToCompilerWorker, post: (m: FromCompilerWorker) => void, load: LoadAsc = defaultLoad): Promise<void> {
  if (!loaded) post({ kind: "progress", phase: "loading", loaded: 0, total: 0, line: "loading the AssemblyScript compiler" });
  try {
    await load((p) => post({ kind: "progress", ...p }));
  } catch (e) {
    // The page fetches asc over the network: a failed fetch is told, and the next build tries again.
    post({ kind: "failed", diagnostics: `the AssemblyScript compiler could not be loaded: ${(e as Error)?.message ?? String(e)}\n`, inputs: [] });
    return;
  }
  loaded = true;
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
