// The page's compiler device: asc in a module Web Worker of the OS worker's, made on the first compile (compiler.ts WorkerCompiler).
//
// Vite bundles the worker and the compiler's chunks beside the page; nothing of them is fetched
// before the first compile. The terminal shows the progress lines (loading, with the bytes fetched
// of the compiler's total, then compiling); compiler_worker.ts fetches the chunks to tell them.
import ascPackage from "assemblyscript/package.json";
import wabtPackage from "wabt/package.json";
import { BUILDER, type ToolPackage } from "../../kernel/host/provenance/statement.ts";
import { type CompilerWorkerEvents, type FromCompilerWorker, WorkerCompiler } from "../../kernel/host/devices/compiler.ts";

/** The compiler packages of package-lock.json, as web/vite.config.ts computed them at build time. */
declare const __WASMODE_TOOLCHAIN__: ToolPackage[];

function spawn(events: CompilerWorkerEvents): { post(m: unknown): void; terminate(): void } {
  const worker = new Worker(new URL("./compiler_worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (e: MessageEvent<FromCompilerWorker>) => events.message(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    // A browser names no limit of its own; a worker out of memory says so in its error.
    events.died(e.message || "an uncaught error", /out of memory|allocation failed/i.test(e.message ?? ""));
  };
  worker.onmessageerror = () => events.died("a message could not be read", false);
  return { post: (m) => worker.postMessage(m), terminate: () => worker.terminate() };
}

/** The compiler device of the page. */
export function pageCompiler(): WorkerCompiler {
  return new WorkerCompiler(`assemblyscript ${ascPackage.version}`, spawn, {}, { builderId: BUILDER.osPage, toolchain: __WASMODE_TOOLCHAIN__ }, `wabt ${wabtPackage.version}`);
}
