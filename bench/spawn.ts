// Starting 10,000 idle components through init, timed from boot() to idle, and the memory each one costs.
//
// Measured through init (not core's PD service from a bench component): that is how the system starts
// components, and init's config handling does not dominate: a CPU profile of the 10k boot puts about
// half of the time in V8's WebAssembly.Memory and Instance constructors (the bare-instance baseline),
// init's own Wasm (parsing, its GC, the per-child calls) near a sixth, kernel.wasm under 2%.
//
// component_overhead_kb = (ΔRSS - ΔW) / 10,000 / 1024, where ΔRSS is the growth of the process's
// resident set across the spawn (after a full gc before and after) and ΔW the growth of the resident
// bytes of the idle components' own linear memories (Linux smaps: the rw-p mapping between two guard
// regions, of exactly their size). What is left is everything else a component costs: V8's instance
// and JS objects, the host's Component and syscall closures, kernel.wasm's tables (kernel memory is
// counted as overhead, not as the component's linear memory), init's Child records and sessions.
import { Err } from "../kernel/abi.ts";
import { boot } from "../kernel/host/boot.ts";
import { Component } from "../kernel/host/component.ts";
import { checkModule } from "../kernel/host/module_check.ts";
import { ofSize, settle, snapshot, type MemSnapshot } from "./memory.ts";
import { now } from "./stats.ts";
import { text } from "./image.ts";

/** What a child's environment sessions take out of its assignment, at most: four sessions of a page. */
const ENVIRONMENT_BYTES = 4 * 4096;

export interface SpawnSample { ms: number; overheadKb: number; heapExtKb: number; touchedKb: number }

function config(n: number, ram: number): string {
  const starts: string[] = [];
  for (let i = 0; i < n; i++) starts.push(`\t<start name="idle${i}"> <binary name="idle"/> </start>`);
  return `<config>
	<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
	<default-route> <any-service> <parent/> </any-service> </default-route>
	<default caps="100" ram="${ram}"/>
${starts.join("\n")}
</config>`;
}

/** The idle component's memory: its initial pages, which with its host memory is its whole RAM quota here. */
export function idleBytes(roms: Map<string, Uint8Array>): number {
  return checkModule("idle.wasm", roms.get("idle.wasm")!).minPages * 65536;
}

/** What the host charges the idle component beyond its memory: its shape and tables (kernel/host/instance_cost.ts). */
function idleHostBytes(roms: Map<string, Uint8Array>): number {
  return checkModule("idle.wasm", roms.get("idle.wasm")!).hostBytes;
}

function overhead(before: MemSnapshot, after: MemSnapshot, n: number, memBytes: number): Omit<SpawnSample, "ms"> {
  let touched = n * memBytes;
  if (before.wasm && after.wasm) {
    const b = ofSize(before.wasm, memBytes), a = ofSize(after.wasm, memBytes);
    if (a.count - b.count < n) throw new Error(`spawn bench: ${a.count - b.count} new memories of ${memBytes} bytes in smaps, want ${n}`);
    touched = a.rss - b.rss;
  }
  return {
    overheadKb: (after.rss - before.rss - touched) / n / 1024,
    heapExtKb: (after.heapUsed + after.external - before.heapUsed - before.external - n * memBytes) / n / 1024,
    touchedKb: touched / n / 1024,
  };
}

/** One boot of init with `n` idle children: ms from boot() to idle, and memory per component. */
export async function spawnOnce(roms: Map<string, Uint8Array>, n: number): Promise<SpawnSample> {
  const memBytes = idleBytes(roms);
  const lines: string[] = [];
  // The assignment pays for the child's environment too (a page per session, components/init/child_lifecycle.ts).
  const cfg = text(config(n, memBytes + idleHostBytes(roms) + ENVIRONMENT_BYTES));
  await settle();
  const before = snapshot();
  const t0 = now();
  const { sys } = await boot({ roms, config: cfg, console: { write: (l) => lines.push(l) } });
  await sys.idle();
  const ms = now() - t0;
  const idle = sys.servers.filter((s) => s instanceof Component && (s.module.name === "idle" || s.module.name === "idle.wasm") && s.started).length;
  if (idle !== n || lines.length) throw new Error(`${idle} of ${n} idle components started; faults: ${sys.faults.length}; log: ${lines.slice(0, 10).join(" | ") || "(empty)"}`);
  const after = snapshot();
  return { ms, ...overhead(before, after, n, memBytes) };
}

/** The platform floor: `n` bare instances of idle.wasm, each with its memory, no kernel, no init. */
export async function bareInstances(roms: Map<string, Uint8Array>, n: number): Promise<SpawnSample> {
  const checked = checkModule("idle.wasm", roms.get("idle.wasm")!);
  const memBytes = checked.minPages * 65536;
  // No kernel: every syscall fails (the start's heartbeat registration with its parent, say).
  const fail = () => Err.BadCap;
  const wasmode = { call: fail, signal: fail, derive: fail, drop: fail, endpoint: fail, signal_create: fail, exit: fail };
  await settle();
  const before = snapshot();
  const t0 = now();
  const keep: WebAssembly.Instance[] = [];
  for (let i = 0; i < n; i++) {
    const memory = new WebAssembly.Memory({ initial: checked.minPages, maximum: checked.minPages });
    const inst = new WebAssembly.Instance(checked.module, { env: { memory, abort: fail }, wasmode });
    (inst.exports._start as () => void)();
    keep.push(inst);
  }
  const ms = now() - t0;
  const after = snapshot();
  keep.length = 0;
  return { ms, ...overhead(before, after, n, memBytes) };
}
