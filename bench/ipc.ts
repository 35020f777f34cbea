// IPC round trip between two component instances: bench/components/ipc_client calls ipc_server in laps.
//
// The real path: the client's `call` syscall is its call gate (kernel/host/gate.ts), which loads the
// 64 bytes into the message registers -> k_call_short in kernel.wasm (capability check) -> the
// host's gateEnter -> the server's serve gate stores them into its IPC buffer -> its __dispatch ->
// 64 bytes back the same way. The loop runs inside the client (one activation), so no JS test loop
// is timed. The client LOGs a line after each lap; the console stamps each line with the host's
// clock. Laps alternate between CALLS calls and none: a lap without calls costs one LOG line (the
// fixed cost), which is subtracted from the next lap with calls.
import { boot } from "../kernel/host/boot.ts";
import type { Console } from "../kernel/host/devices/console.ts";
import { median, now } from "./stats.ts";
import { text } from "./image.ts";

const CONFIG = `<config>
	<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
	<default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
	<default caps="100" ram="1M"/>
	<start name="ipc_server"> <provides> <service name="Bench"/> </provides> </start>
	<start name="ipc_client" fuel="2000000000"/>
</config>`;

export interface IpcResult { samples: number[]; fixedNs: number }

/** Boots server and client; returns ns per round trip for each measured lap (after `warmup` laps). */
export async function benchIpc(roms: Map<string, Uint8Array>, calls: number, reps: number, warmup: number): Promise<IpcResult> {
  const laps = 2 * (warmup + reps) + 1;
  const lines: { line: string; t: number }[] = [];
  const console: Console = { write: (line) => lines.push({ line, t: now() }) };
  const all = new Map(roms);
  all.set("bench_ipc", text(`${calls} ${laps}`));
  const { sys } = await boot({ roms: all, config: text(CONFIG), console });
  await sys.idle();
  const stamps = lines.filter((l) => l.line.startsWith("[init -> ipc_client] lap ")).map((l) => l.t);
  if (stamps.length !== laps || !lines.some((l) => l.line === `[init] child "ipc_client" exited with exit value 0`)) {
    throw new Error(`ipc bench failed:\n${lines.map((l) => l.line).join("\n")}`);
  }
  // Lap k (0-based) ends at stamps[k] and began at stamps[k-1]; even laps hold the calls, odd ones none.
  const fixed: number[] = [], busy: number[] = [];
  for (let k = 1; k < laps; k++) (k % 2 === 0 ? busy : fixed).push(stamps[k]! - stamps[k - 1]!);
  const fixedMs = median(fixed.slice(warmup));
  const samples = busy.slice(warmup).map((ms) => ((ms - fixedMs) * 1e6) / calls);
  return { samples, fixedNs: fixedMs * 1e6 };
}
