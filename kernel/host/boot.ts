// Boots Wasmode: kernel.wasm, core as PD 0, and the top component with its config; and boots it again on a reboot.
import { type Clock, PlatformClock } from "./devices/clock.ts";
import type { Compiler } from "./devices/compiler.ts";
import { localKey } from "./devices/local_key.ts";
import { GuardedConsole, type Console } from "./devices/console.ts";
import type { ReportSink } from "./devices/report.ts";
import type { Storage } from "./devices/storage.ts";
import type { Terminal } from "./devices/terminal.ts";
import { BinaryTrust } from "./core/binary_trust.ts";
import { Core } from "./core/core.ts";
import { type SigningKey, trustedKey } from "./provenance/keys.ts";
import { TrustedPrompt } from "./core/trusted_prompt.ts";
import { loadUserKeys } from "./core/user_keys.ts";
import { LogRing } from "./core/log_ring.ts";
import { Kernel, kernelName } from "./kernel.ts";
import type { MeterCache } from "./module_check.ts";
import type { TrustedKey } from "./provenance/keys.ts";
import { nextTask, System } from "./system.ts";

export interface BootOptions {
  /** ROM modules: the image's binaries and any extra files, by name. */
  roms: Map<string, Uint8Array>;
  /** The top component's `config` ROM. */
  config: Uint8Array;
  console: Console;
  /** The clock device core's Clock service drives; by default real time (PlatformClock). Tests pass a VirtualClock. One per boot. */
  clock?: Clock;
  /** The terminal device core's Terminal service drives; without one, Terminal sessions are denied. */
  terminal?: Terminal;
  /** The storage device core's Storage service drives; without one, Storage sessions are denied (nothing persists). */
  storage?: Storage;
  /** The compiler device core's Compiler service drives (asc in a worker, loaded on first use); without one, Compiler sessions are denied. */
  compiler?: Compiler;
  /** The key core's Signer service signs builds' provenance with; by default the local key the storage device keeps (devices/local_key.ts). */
  signer?: SigningKey;
  /** Where core hands the reports it receives (the page's graph); core keeps the latest of each label in any case. */
  reports?: ReportSink;
  /** Fuel rewrites kept from earlier boots (Node: devices/node_meter_cache.ts); without one every module is metered anew. */
  meterCache?: MeterCache;
  /** The top component's binary; Genode's is init. */
  top?: string;
  /** RAM (bytes) and capabilities of the whole system. */
  ram?: number;
  caps?: number;
  /**
   * A kernel.wasm to boot instead of the image's (a reboot into a rebuilt kernel). One that fails
   * its checks (it does not compile, its exports do not match, k_boot refuses or traps) is refused
   * in one console line naming why, and `fallbackKernel` boots. Either way one line names the kernel that booted.
   */
  kernel?: Uint8Array;
  /** What boots when `kernel` is refused: the kernel that ran before the reboot; by default the image's. */
  fallbackKernel?: Uint8Array;
  /** The platform's reboot (core.reboot): boot again with that kernel.wasm, or the running one for null. Without it core.reboot is null. */
  onReboot?: (kernel: Uint8Array | null) => void;
  /**
   * What core checks binaries against: every binary ROM module must come with a provenance
   * (`NAME.wasm.intoto.jsonl`, a ROM module too) signed by one of `keys`, but those `unsigned`
   * names (`wasmode run --unsigned`). Without it the host vouches for its ROM modules (a test's
   * own); binaries arriving later are checked either way.
   */
  trust?: BootTrust;
}

export interface BootTrust {
  keys: TrustedKey[];
  unsigned?: ReadonlySet<string>;
}

export interface Booted {
  sys: System;
  core: Core;
  /** The kernel.wasm that booted. */
  kernel: Uint8Array;
  /** Stops the system for good before a reboot: no activation runs, the clock's alarm is off, the terminal no longer heard. */
  halt(): void;
}

export const DEFAULT_RAM = 2 * 1024 ** 3;
export const DEFAULT_CAPS = 1 << 24;

/** Loads, checks and boots a kernel.wasm: core holds all RAM and capabilities. Throws naming what is wrong. */
async function startKernel(bytes: Uint8Array, ram: number, caps: number): Promise<Kernel> {
  const kernel = await Kernel.load(bytes);
  let booted: number;
  try {
    booted = kernel.k.k_boot(ram, caps);
  } catch (e) {
    throw new Error(`kernel.wasm trapped in k_boot: ${(e as Error).message}`);
  }
  if (booted !== 0) throw new Error("kernel.wasm refused to boot");
  return kernel;
}

export async function boot(opts: BootOptions): Promise<Booted> {
  const image = opts.roms.get("kernel.wasm");
  if (!image) throw new Error("the boot image has no kernel.wasm");
  const ram = opts.ram ?? DEFAULT_RAM, caps = opts.caps ?? DEFAULT_CAPS;
  // Core keeps the recent lines as the ROM module "log"; a console device that fails never stops it.
  const log = new LogRing(new GuardedConsole(opts.console));
  // Nothing runs before the image's binaries are checked, the kernel first among them.
  const userKeys = loadUserKeys(opts.storage);
  // Core's signing key (the user's local key by default): what it signs runs after a reboot too.
  const signer = opts.signer ?? await localKey(opts.storage ?? null);
  const trust = await checkImage(opts, [...userKeys, trustedKey(signer.publicKey, "local")], log);
  let bytes = opts.kernel ?? image, kernel: Kernel;
  try {
    kernel = await startKernel(bytes, ram, caps);
  } catch (e) {
    if (opts.kernel === undefined) throw e;
    bytes = opts.fallbackKernel ?? image;
    log.write(`[core] kernel ${await kernelName(opts.kernel)} refused: ${(e as Error).message}; kernel ${await kernelName(bytes)} boots instead`);
    kernel = await startKernel(bytes, ram, caps);
  }
  // A boot that chose its kernel says which booted (a plain boot runs the image's, as it always has).
  if (opts.kernel !== undefined) log.write(`[core] kernel ${await kernelName(bytes)} booted`);
  // Out of the task that finished the kernel's compilation before the heavy start of the top
  // component: Node ran the system's first activation 15-25 ms late after long work in that task.
  await nextTask();
  const clock: Clock = opts.clock ?? new PlatformClock();
  // The clock also times the loop's turns (system.ts TURN_MS): real time on the platform's.
  const sys = new System(kernel, log, clock);
  const roms = new Map(opts.roms);
  roms.set("config", opts.config);
  clock.attach?.(sys);
  const core = new Core(sys, roms, clock);
  core.log = log;
  // Core's own questions (trust) come before the terminal's client: the trusted path.
  core.prompt = opts.terminal ? new TrustedPrompt(opts.terminal) : null;
  core.terminal = core.prompt;
  core.storage = opts.storage ?? null;
  core.reportSink = opts.reports ?? null;
  core.compiler = opts.compiler ?? null;
  core.signer = signer;
  core.meterCache = opts.meterCache ?? null;
  core.reboot = opts.onReboot ?? null;
  core.trust = trust;
  core.userKeys = userKeys;
  sys.register(core);
  // Core keeps a little for its own sessions' endpoints; the top component gets the rest.
  core.startTop({ name: opts.top ?? "init", ram: ram - 1024 * 1024, caps: caps - 1024 });
  const halt = () => {
    sys.halt();
    clock.cancel();
    opts.terminal?.listen(null);
  };
  return { sys, core, kernel: bytes, halt };
}

/**
 * Core's trust at this boot: every binary ROM module verified against its provenance (or vouched
 * for by the host, without a policy). A refused module is named in one line, and its starts fail;
 * a refused kernel (the one that would boot) stops the boot.
 */
async function checkImage(opts: BootOptions, userKeys: TrustedKey[], log: LogRing): Promise<BinaryTrust> {
  const trust = new BinaryTrust([...(opts.trust?.keys ?? []), ...userKeys]);
  if (!opts.trust) {
    await trust.vouch(opts.roms);
    return trust;
  }
  const refused = await trust.verifyImage(opts.roms, opts.trust.unsigned);
  for (const line of refused) log.write(`[core] refused: ${line}`);
  const kernel = opts.kernel ?? opts.roms.get("kernel.wasm")!;
  // A reboot's kernel was checked when it was asked for (update_service.ts).
  if (opts.kernel === undefined && trust.check(kernel, null) !== null) {
    throw new Error(refused.find((l) => l.startsWith("kernel.wasm:")) ?? "kernel.wasm: not trusted");
  }
  if (opts.kernel !== undefined) await trust.vouch(new Map([["kernel.wasm", opts.kernel]]));
  return trust;
}

/**
 * Boots the system, and boots it again each time core.reboot is called: the same devices (so the
 * files are kept), the image's modules and config, the kernel asked for (a refused one falls back
 * to the kernel that ran). `watch` follows one boot: its answer ends the loop, unless `rebooting`
 * resolved first (a reboot was asked for; the answer is ignored, the system halted and booted
 * again). `again` changes the options of each boot after the first (a clock serves one boot only:
 * without one from `again`, each boot makes its own platform clock).
 */
export async function bootLoop<T>(
  opts: BootOptions,
  watch: (booted: Booted, rebooting: Promise<void>) => Promise<T>,
  again: (previous: Booted) => Partial<BootOptions> = () => ({}),
): Promise<T> {
  let options = opts;
  for (;;) {
    const asked: { kernel?: Uint8Array | null } = {};
    let wake = () => {};
    const rebooting = new Promise<void>((resolve) => (wake = resolve));
    const onReboot = (kernel: Uint8Array | null) => {
      if ("kernel" in asked) return;
      asked.kernel = kernel;
      wake();
    };
    const booted = await boot({ ...options, onReboot });
    const answer = await watch(booted, rebooting);
    if (!("kernel" in asked)) return answer;
    booted.halt();
    options = { ...opts, clock: undefined, kernel: asked.kernel ?? booted.kernel, fallbackKernel: booted.kernel, ...again(booted) };
  }
}
