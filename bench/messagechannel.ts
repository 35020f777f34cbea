// The baseline: a MessageChannel round trip of 64 bytes between two worker_threads workers (ping and echo).
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";

const self = fileURLToPath(import.meta.url);
/** The worker's file beside this one: .js under dist/, .ts when run from the sources. */
const workerFile = path.join(path.dirname(self), "messagechannel_worker" + path.extname(self));

/** Resolves when the worker is gone (its errors reject the result instead). */
function exited(w: Worker): Promise<void> {
  return new Promise((resolve) => w.once("exit", () => resolve()));
}

/** ns per round trip, one sample per round of `trips` round trips, after `warmup` rounds. */
export async function benchMessageChannel(trips: number, reps: number, warmup: number): Promise<number[]> {
  const { port1, port2 } = new MessageChannel();
  const echo = new Worker(workerFile, { workerData: { role: "echo", port: port2 }, transferList: [port2] });
  const ping = new Worker(workerFile, { workerData: { role: "ping", port: port1, trips, rounds: warmup + reps }, transferList: [port1] });
  // Listen for the exits now: a worker may be gone before the result is awaited.
  const done = Promise.all([exited(ping), exited(echo)]);
  const result = new Promise<number[]>((resolve, reject) => {
    ping.once("message", (ms: number[]) => resolve(ms));
    ping.once("error", reject);
    echo.once("error", reject);
  });
  const ms = await result;
  echo.postMessage("stop");
  await done;
  return ms.slice(warmup).map((m) => (m * 1e6) / trips);
}
