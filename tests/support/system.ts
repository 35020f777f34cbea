// Boots Wasmode in a test: the built image, a config, extra ROMs, on virtual time; collects the log until idle.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { boot, type BootOptions, type Booted } from "../../kernel/host/boot.ts";
import { compile } from "../../kernel/host/builder/compile.ts";
import { componentSpec } from "../../bin/recipe.ts";
import { BufferConsole } from "../../kernel/host/devices/console.ts";
import { NodeFiles } from "../../kernel/host/devices/node_files.ts";
import { VirtualClock } from "../../kernel/host/devices/virtual_clock.ts";
import { imageTrust, loadImage } from "../../kernel/host/image.ts";
import { imageDir, repoRoot } from "./paths.ts";
import wabtInit from "wabt";

let image: Promise<Map<string, Uint8Array>> | null = null;

/** The boot image `npm run build` wrote (npm test builds it first). */
export function bootImage(): Promise<Map<string, Uint8Array>> {
  image ??= loadImage(new NodeFiles(path.dirname(imageDir)), path.basename(imageDir));
  return image;
}

export interface Run extends Booted {
  console: BufferConsole;
  lines: string[];
  /** The system's clock: virtual time, which the test reads and moves (devices/virtual_clock.ts). */
  clock: VirtualClock;
}

/** Devices a test boots with besides the console (a BufferTerminal, a MemoryStorage, say), and its own clock. */
export type Devices = Pick<BootOptions, "terminal" | "storage" | "reports" | "compiler" | "signer"> & { clock?: VirtualClock };

/** Boots `config` with the image plus `roms` on `clock`. */
async function bootTest(config: string, roms: Record<string, Uint8Array>, devices: Devices, clock: VirtualClock): Promise<Run> {
  const all = new Map(await bootImage());
  for (const [name, bytes] of Object.entries(roms)) all.set(name, bytes);
  const console = new BufferConsole();
  // As `wasmode run --rom FILE --unsigned`: the image's binaries are checked, the test's own allowed unsigned.
  const trust = imageTrust(all, [], new Set(Object.keys(roms)));
  const booted = await boot({ ...devices, clock, roms: all, config: new TextEncoder().encode(config), console, trust });
  return { ...booted, console, lines: console.lines, clock };
}

/**
 * Boots `config` with the image plus `roms`, and waits until nothing is left to run. Time is
 * virtual and jumps to each alarm once the system is idle but for it: sleeps take no real time.
 */
export async function runSystem(config: string, roms: Record<string, Uint8Array> = {}, devices: Devices = {}): Promise<Run> {
  const run = await bootTest(config, roms, devices, devices.clock ?? new VirtualClock());
  await run.sys.idle();
  return run;
}

/**
 * Boots `config` like runSystem, but returns at once, with time standing still: for systems that
 * never go idle (a periodic timer, e.g. init's heartbeats). The test moves time with
 * `run.clock.advance(ms)` or waitFor; `run.clock.auto = true` lets it run free again.
 */
export async function startSystem(config: string, roms: Record<string, Uint8Array> = {}, devices: Devices = {}): Promise<Run> {
  return bootTest(config, roms, devices, devices.clock ?? new VirtualClock({ auto: false }));
}

/**
 * Moves the run's (held) virtual time alarm by alarm until `done` holds for its log; fails once
 * `timeoutMs` of system time passed, or when nothing is left that could change the log.
 */
export async function waitFor(run: Run, done: (lines: string[]) => boolean, timeoutMs = 5000): Promise<void> {
  const end = run.clock.now() + timeoutMs;
  await run.clock.advance(0);
  while (!done(run.lines)) {
    const next = run.clock.nextAlarm;
    const why = next === null ? "the system is idle, no alarm pending" : next > end ? `timed out after ${timeoutMs} ms of system time` : null;
    if (why) throw new Error(`${why}; log:\n${run.lines.join("\n")}`);
    await run.clock.advance(next! - run.clock.now());
  }
}

const components = new Map<string, Promise<Uint8Array>>();

/** Compiles a test component (an AssemblyScript main under tests/) the way the image's components are built. */
export function testComponent(main: string): Promise<Uint8Array> {
  let c = components.get(main);
  if (!c) {
    const spec = componentSpec(path.basename(main, ".ts"), main);
    c = compile(new NodeFiles(repoRoot), spec.name, spec.entries, spec.flags).then((o) => o.binary);
    components.set(main, c);
  }
  return c;
}

let wabt: Promise<Awaited<ReturnType<typeof wabtInit>>> | null = null;

/** Assembles a module from WebAssembly text: tests write hand-made (and hostile) components this way. */
export async function wat(text: string): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const w = await wabt;
  const mod = w.parseWat("test.wat", text);
  try {
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** A config for init starting `starts` (each `<start .../>` text) with parent routes and any-child. */
export function initConfig(starts: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  ${starts}
</config>`;
}

export function readRepoFile(p: string): string {
  return readFileSync(path.join(repoRoot, p), "utf8");
}
