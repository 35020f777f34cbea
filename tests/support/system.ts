// Boots Wasmode in a test: the built image, a config, extra ROMs; collects the log until idle.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { boot, type BootOptions, type Booted } from "../../kernel/host/boot.ts";
import { compile } from "../../kernel/host/builder/compile.ts";
import { componentSpec } from "../../kernel/host/builder/modules.ts";
import { BufferConsole } from "../../kernel/host/devices/console.ts";
import { NodeFiles } from "../../kernel/host/devices/node_files.ts";
import { loadImage } from "../../kernel/host/image.ts";
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
}

/** Devices a test boots with besides the console (a BufferTerminal, a MemoryStorage, say). */
export type Devices = Pick<BootOptions, "terminal" | "storage" | "reports">;

/** Boots `config` with the image plus `roms`, and waits until nothing is left to run. */
export async function runSystem(config: string, roms: Record<string, Uint8Array> = {}, devices: Devices = {}): Promise<Run> {
  const all = new Map(await bootImage());
  for (const [name, bytes] of Object.entries(roms)) all.set(name, bytes);
  const console = new BufferConsole();
  const booted = await boot({ ...devices, roms: all, config: new TextEncoder().encode(config), console });
  await booted.sys.idle();
  return { ...booted, console, lines: console.lines };
}

/**
 * Boots `config` like runSystem, but returns at once: for systems that never go idle (a periodic
 * timer, e.g. init's heartbeats). Wait on them with waitFor.
 */
export async function startSystem(config: string, roms: Record<string, Uint8Array> = {}, devices: Devices = {}): Promise<Run> {
  const all = new Map(await bootImage());
  for (const [name, bytes] of Object.entries(roms)) all.set(name, bytes);
  const console = new BufferConsole();
  const booted = await boot({ ...devices, roms: all, config: new TextEncoder().encode(config), console });
  return { ...booted, console, lines: console.lines };
}

/** Resolves once `done` holds for the run's log (checked every few ms); fails after `timeoutMs`. */
export async function waitFor(run: Run, done: (lines: string[]) => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = performance.now();
  while (!done(run.lines)) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms; log:\n${run.lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 5));
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
