// A worker of the MessageChannel baseline: "echo" posts back what arrives; "ping" times rounds of round trips.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";

const { role, port, trips, rounds } = workerData as { role: "ping" | "echo"; port: MessagePort; trips: number; rounds: number };

if (role === "echo") {
  port.on("message", (m: Uint8Array) => port.postMessage(m));
  parentPort!.once("message", () => port.close());
} else {
  const payload = new Uint8Array(64).fill(7);
  const times: number[] = [];
  let left = 0, t0 = 0;
  const round = () => {
    left = trips;
    t0 = performance.now();
    port.postMessage(payload);
  };
  port.on("message", (m: Uint8Array) => {
    if (m.length !== 64) throw new Error(`echo returned ${m.length} bytes`);
    if (--left > 0) return port.postMessage(m);
    times.push(performance.now() - t0);
    if (times.length < rounds) return round();
    port.close();
    parentPort!.postMessage(times);
  });
  round();
}
