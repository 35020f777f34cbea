// The compiler device's worker in the page: a module Web Worker the OS worker starts on the first compile; asc loads here, never at boot.
import { loadCompiler } from "../../kernel/host/builder/compile.ts";
import type { FromCompilerWorker, ToCompilerWorker } from "../../kernel/host/devices/compiler.ts";
import { type LoadAsc, runCompile } from "../../kernel/host/devices/compiler_worker.ts";

const scope = self as unknown as { postMessage(m: FromCompilerWorker): void; onmessage: ((e: MessageEvent<ToCompilerWorker>) => void) | null };

/** Bytes this worker fetched so far (its script and the compiler's chunks), as the browser's resource timing counts them. */
function fetchedBytes(): number {
  let n = 0;
  for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) n += e.decodedBodySize;
  return n;
}

/** Loads asc; once loaded (the browser tells no bytes while a module loads), says how many bytes it took. */
const load: LoadAsc = async (progress) => {
  const before = fetchedBytes(), start = performance.now();
  await loadCompiler();
  const bytes = fetchedBytes() - before;
  if (bytes > 0) progress({ phase: "loading", loaded: bytes, total: bytes, line: `loaded the AssemblyScript compiler: ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - start) / 1000).toFixed(1)} s` });
};

// One compile at a time: the device sends the next only after this one answered.
scope.onmessage = (e) => void runCompile(e.data, (m) => scope.postMessage(m), load);
