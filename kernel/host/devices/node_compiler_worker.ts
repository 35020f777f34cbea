// The compiler device's worker in Node (worker_threads): the messages of node_compiler.ts in, compiler_worker.ts's answers out.
import { parentPort } from "node:worker_threads";
import type { FromCompilerWorker, ToCompilerWorker } from "./compiler.ts";
import { runCompile } from "./compiler_worker.ts";

const port = parentPort;
if (port === null) throw new Error("node_compiler_worker runs as a worker of the compiler device");
const post = (m: FromCompilerWorker) => port.postMessage(m);
// One compile at a time: the device sends the next only after this one answered.
port.on("message", (m: ToCompilerWorker) => void runCompile(m, post));
