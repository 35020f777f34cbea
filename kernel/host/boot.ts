// Boots Wasmode: kernel.wasm, core as PD 0, and the top component with its config.
import { type Clock, PlatformClock } from "./devices/clock.ts";
import type { Compiler } from "./devices/compiler.ts";
import { GuardedConsole, type Console } from "./devices/console.ts";
import type { ReportSink } from "./devices/report.ts";
import type { Storage } from "./devices/storage.ts";
import type { Terminal } from "./devices/terminal.ts";
import { Core } from "./core/core.ts";
import { LogRing } from "./core/log_ring.ts";
import { Kernel } from "./kernel.ts";
import type { MeterCache } from "./module_check.ts";
import { nextTask, System } from "./system.ts";

export interface BootOptions {
  /** ROM modules: the image's binaries and any extra files, by name. */
  roms: Map<string, Uint8Array>;
  /** The top component's `config` ROM. */
  config: Uint8Array;
  console: Console;
  /** The clock device core's Clock service drives; by default real time (PlatformClock). Tests pass a VirtualClock. */
  clock?: Clock;
  /** The terminal device core's Terminal service drives; without one, Terminal sessions are denied. */
  terminal?: Terminal;
  /** The storage device core's Storage service drives; without one, Storage sessions are denied (nothing persists). */
  storage?: Storage;
  /** The compiler device core's Compiler service drives (asc in a worker, loaded on first use); without one, Compiler sessions are denied. */
  compiler?: Compiler;
  /** Where core hands the reports it receives (the page's graph); core keeps the latest of each label in any case. */
  reports?: ReportSink;
  /** Fuel rewrites kept from earlier boots (Node: devices/node_meter_cache.ts); without one every module is metered anew. */
  meterCache?: MeterCache;
  /** The top component's binary; Genode's is init. */
  top?: string;
  /** RAM (bytes) and capabilities of the whole system. */
  ram?: number;
  caps?: number;
}

export interface Booted { sys: System; core: Core }

export const DEFAULT_RAM = 2 * 1024 ** 3;
export const DEFAULT_CAPS = 1 << 24;

export async function boot(opts: BootOptions): Promise<Booted> {
  const kernelBytes = opts.roms.get("kernel.wasm");
  if (!kernelBytes) throw new Error("the boot image has no kernel.wasm");
  const kernel = await Kernel.load(kernelBytes);
  // Out of the task that finished the kernel's compilation before the heavy start of the top
  // component: Node ran the system's first activation 15-25 ms late after long work in that task.
  await nextTask();
  const ram = opts.ram ?? DEFAULT_RAM, caps = opts.caps ?? DEFAULT_CAPS;
  if (kernel.k.k_boot(ram, caps) !== 0) throw new Error("kernel.wasm refused to boot");
  // Core keeps the recent lines as the ROM module "log"; a console device that fails never stops it.
  const log = new LogRing(new GuardedConsole(opts.console));
  const clock: Clock = opts.clock ?? new PlatformClock();
  // The clock also times the loop's turns (system.ts TURN_MS): real time on the platform's.
  const sys = new System(kernel, log, clock);
  const roms = new Map(opts.roms);
  roms.set("config", opts.config);
  clock.attach?.(sys);
  const core = new Core(sys, roms, clock);
  core.log = log;
  core.terminal = opts.terminal ?? null;
  core.storage = opts.storage ?? null;
  core.reportSink = opts.reports ?? null;
  core.compiler = opts.compiler ?? null;
  core.meterCache = opts.meterCache ?? null;
  sys.register(core);
  // Core keeps a little for its own sessions' endpoints; the top component gets the rest.
  core.startTop({ name: opts.top ?? "init", ram: ram - 1024 * 1024, caps: caps - 1024 });
  return { sys, core };
}
