// The compiler device's worker in the page: a module Web Worker the OS worker starts on the first compile; asc loads here, never at boot.
import type { FromCompilerWorker, ToCompilerWorker } from "../../kernel/host/devices/compiler.ts";
import { runCompile } from "../../kernel/host/devices/compiler_worker.ts";

const scope = self as unknown as { postMessage(m: FromCompilerWorker): void; onmessage: ((e: MessageEvent<ToCompilerWorker>) => void) | null };
// One compile at a time: the device sends the next only after this one answered.
scope.onmessage = (e) => void runCompile(e.data, (m) => scope.postMessage(m));
