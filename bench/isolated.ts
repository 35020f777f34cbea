// Runs one bench task in a fresh worker thread: its own V8 isolate, heap and JIT state.
//
// A deployed system is one kernel in one process. Measured in the bench's own process after other
// benches, a task would see their garbage and call sites the JIT has seen serve other kernels'
// instances (each boot brings new export functions), which no running system does.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const self = fileURLToPath(import.meta.url);
/** The worker's file beside this one: .js under dist/, .ts when run from the sources. */
const workerFile = path.join(path.dirname(self), "task_worker" + path.extname(self));

export type TaskName = "ipc" | "spawn" | "bare" | "hog";

/** Runs `task(...args)` of bench/task_worker in a new worker, ended once it answered (a system it booted may still run); its result, or its error rethrown. */
export function isolated<T>(task: TaskName, args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(workerFile, { workerData: { task, args } });
    let settled = false;
    w.once("message", (m: { ok: true; value: T } | { ok: false; error: string }) => {
      settled = true;
      void w.terminate();
      if (m.ok) resolve(m.value);
      else reject(new Error(m.error));
    });
    w.once("error", (e) => { settled = true; reject(e); });
    w.once("exit", (code) => { if (!settled) reject(new Error(`bench task ${task}: worker exited (${code}) without a result`)); });
  });
}
