// The worker side of bench/isolated.ts: runs the named task once and posts its result.
import { parentPort, workerData } from "node:worker_threads";
import { hogOnce } from "./hog.ts";
import { benchIpc } from "./ipc.ts";
import { bareInstances, spawnOnce } from "./spawn.ts";

const tasks = {
  ipc: benchIpc,
  spawn: spawnOnce,
  bare: bareInstances,
  hog: hogOnce,
} as const satisfies Record<string, (...args: never[]) => Promise<unknown>>;

const { task, args } = workerData as { task: keyof typeof tasks; args: unknown[] };
const run = tasks[task] as (...a: unknown[]) => Promise<unknown>;
run(...args).then(
  (value) => parentPort!.postMessage({ ok: true, value }),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: (e as Error)?.message ?? String(e) }),
);
