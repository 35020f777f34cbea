// Node device: the compiler device's workers as worker_threads, their heap bounded so a runaway compile kills the worker, not the host.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type CompilerLimits, type CompilerWorkerEvents, type FromCompilerWorker, WorkerCompiler } from "./compiler.ts";
import { BUILDER } from "../provenance/statement.ts";
import { nodeToolchain } from "./node_toolchain.ts";

/** The version of a compiler this host carries as a package, e.g. `assemblyscript 0.28.20`, `wabt 1.0.39`. */
function packageVersion(name: string): string {
  const pkg = createRequire(import.meta.url)(`${name}/package.json`) as { version: string };
  return `${name} ${pkg.version}`;
}

/**
 * The worker's script, compiled: beside this file when the host runs from dist/, else (the
 * sources run under vitest) in dist/, which `npm run build` writes.
 */
function workerScript(): string {
  const candidates = [new URL("./node_compiler_worker.js", import.meta.url), new URL("../../../dist/kernel/host/devices/node_compiler_worker.js", import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  throw new Error(`its worker script is not built (looked for ${candidates.map((u) => fileURLToPath(u)).join(" and ")}): run npm run build`);
}

function spawn(events: CompilerWorkerEvents, limits: CompilerLimits): { post(m: unknown): void; terminate(): void } {
  const worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: limits.memoryLimitMb } });
  worker.on("message", (m: FromCompilerWorker) => events.message(m));
  worker.on("error", (e: Error & { code?: string }) => events.died(e.message, e.code === "ERR_WORKER_OUT_OF_MEMORY"));
  worker.on("exit", (code) => events.died(`it exited with code ${code}`, false));
  // An idle worker does not keep the host alive (during a compile the device's time limit does);
  // after the listeners, which would hold it again.
  worker.unref();
  return { post: (m) => worker.postMessage(m), terminate: () => void worker.terminate() };
}

/** The compiler device of a Node host: asc (wabt for WAT) loaded in a worker on the first compile. */
export function nodeCompiler(limits: Partial<CompilerLimits> = {}): WorkerCompiler {
  return new WorkerCompiler(packageVersion("assemblyscript"), spawn, limits, { builderId: BUILDER.osNode, toolchain: nodeToolchain() }, packageVersion("wabt"));
}
