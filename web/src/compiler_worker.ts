// The compiler device's worker in the page: a module Web Worker the OS worker starts on the first compile; asc loads here, never at boot.
import { loadCompiler } from "../../kernel/host/builder/compile.ts";
import type { FromCompilerWorker, ToCompilerWorker } from "../../kernel/host/devices/compiler.ts";
import { type LoadAsc, runCompile } from "../../kernel/host/devices/compiler_worker.ts";
import { compilerFiles, fetchCompilerFiles, megabytes } from "./compiler_fetch.ts";

const scope = self as unknown as { postMessage(m: FromCompilerWorker): void; onmessage: ((e: MessageEvent<ToCompilerWorker>) => void) | null; location: { href: string } };

/** Bytes this worker fetched so far (its script and the compiler's chunks), as the browser's resource timing counts them. */
function fetchedBytes(): number {
  let n = 0;
  for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) n += e.decodedBodySize;
  return n;
}

/** Whether asc is in: the device asks for it before every compile, and only the first one loads it. */
let loaded = false;

/**
 * Loads asc: its files fetched first as streams, with a progress line every tenth of their bytes,
 * then imported (from the browser's cache). Without the build's list of them (the dev server),
 * a plain import, and the bytes counted once it is in.
 */
const load: LoadAsc = async (progress) => {
  if (loaded) return;
  const start = performance.now(), before = fetchedBytes();
  const seconds = () => ((performance.now() - start) / 1000).toFixed(1);
  const base = new URL(".", scope.location.href);
  const files = await compilerFiles(base);
  if (files) {
    const bytes = await fetchCompilerFiles(base, files, progress);
    // Told before the import, which takes a while: a line told just before the next one (compiling) may be overtaken.
    progress({ phase: "loading", loaded: bytes, total: bytes, line: `fetched the AssemblyScript compiler: ${megabytes(bytes)} MB in ${seconds()} s` });
  }
  await loadCompiler();
  loaded = true;
  const bytes = fetchedBytes() - before;
  if (!files && bytes > 0) progress({ phase: "loading", loaded: bytes, total: bytes, line: `loaded the AssemblyScript compiler: ${megabytes(bytes)} MB in ${seconds()} s` });
};

// One compile at a time: the device sends the next only after this one answered.
scope.onmessage = (e) => void runCompile(e.data, (m) => scope.postMessage(m), load);
