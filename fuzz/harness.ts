// The syscall fuzz run: boots Wasmode with a well-behaved service, adds two hostile fuzzers, checks
// the invariants while they run and after init removed them, then checks the service still answers.
import * as path from "node:path";
import { boot, DEFAULT_CAPS, DEFAULT_RAM } from "../kernel/host/boot.ts";
import { compile } from "../kernel/host/builder/compile.ts";
import { componentSpec } from "../bin/recipe.ts";
import { BufferConsole } from "../kernel/host/devices/console.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { loadImage } from "../kernel/host/image.ts";
import type { KernelExports } from "../kernel/host/kernel.ts";
import type { System } from "../kernel/host/system.ts";
import { packageRoot } from "../bin/paths.ts";
import { accounts, coreExceptions, HOST_EXCEPTION, ledgerMatch, ownership, quotaBalance, type PdAccount } from "./invariants.ts";

/** The checkout the fuzzer runs in. */
export const repoRoot = packageRoot;

export interface FuzzOptions {
  seed: number;
  /** Syscalls the main fuzzer issues; its peer issues a quarter as many. */
  count: number;
  /** Syscalls between invariant checks (and progress lines). */
  report?: number;
  /** Each progress line of a fuzzer, as it comes. */
  onProgress?: (line: string) => void;
  /** Called once, at the first progress line, with the fuzzers running: a test swaps the kernel there, say. */
  during?: (sys: System) => void;
}

export interface FuzzVerdict {
  /** Every invariant that failed, in one line each; empty when all held. */
  failures: string[];
  /** Syscalls the fuzzers issued, by what their last lines say. */
  syscalls: number;
  /** The fuzzers' final statistics lines. */
  stats: string[];
  checkpoints: number;
  lines: string[];
  /** The system after the run, for a closer look. */
  sys: System;
}

/** The two fuzzers: the main one and its peer, each routed to the other for the "Fuzz" service. */
const FUZZERS = ["fuzz", "fuzz_peer"] as const;
const REPORT_LINE = /^\[init -> (fuzz|fuzz_peer) -> fuzz-report\] (.*)$/;

let fuzzerBinary: Promise<Uint8Array> | null = null;

/** The fuzzer component, compiled as the image's components are (it is not part of the image). */
export function fuzzerModule(): Promise<Uint8Array> {
  const spec = componentSpec("fuzzer", "fuzz/components/fuzzer/fuzzer.ts");
  // Its main exports the entry points itself: it serves and handles signals its own hostile way.
  fuzzerBinary ??= compile(new NodeFiles(repoRoot), spec.name, ["fuzz/components/fuzzer/fuzzer.ts"], spec.flags).then((o) => o.binary);
  return fuzzerBinary;
}

function config(starts: string): string {
  // No Clock: its alarms run on real time, and a run must repeat exactly from its seed.
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="hello_server"> <provides> <service name="Hello"/> </provides> </start>
  ${starts}
</config>`;
}

function fuzzerStart(name: string, peer: string, seed: number, count: number, report: number): string {
  return `<start name="${name}" caps="300" ram="8M"> <binary name="fuzzer"/>
    <config seed="${seed}" count="${count}" batch="1000" report="${report}"/>
    <provides> <service name="Fuzz"/> </provides>
    <route> <service name="Fuzz"> <child name="${peer}"/> </service> <any-service> <parent/> <any-child/> </any-service> </route>
  </start>`;
}

/**
 * Wraps kernel.wasm's exports so that a trap or an assertion of the kernel is recorded where it
 * happens: the host would otherwise count it as a fault of the component that made the syscall.
 */
function watchKernel(sys: System, traps: string[]): void {
  const raw = sys.k as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { memory: raw.memory };
  for (const [name, f] of Object.entries(raw)) {
    if (typeof f !== "function") continue;
    const fn = f as (...a: number[]) => number;
    wrapped[name] = (a: number, b: number, c: number, d: number, e: number, g: number, h: number) => {
      try {
        return fn(a, b, c, d, e, g, h);
      } catch (err) {
        traps.push(`kernel.wasm trapped in ${name}(${[a, b, c, d, e, g, h].filter((x) => x !== undefined).join(", ")}): ${(err as Error).message}`);
        throw err;
      }
    };
  }
  (sys as { k: KernelExports }).k = wrapped as unknown as KernelExports;
  // An exception out of the event loop would escape into the host's task queue: catch it here.
  const run = sys.run.bind(sys);
  sys.run = () => {
    try { run(); } catch (e) { traps.push(`host exception out of the event loop: ${(e as Error).stack ?? e}`); }
  };
}


export async function runFuzz(opts: FuzzOptions): Promise<FuzzVerdict> {
  const report = opts.report ?? 10_000;
  const roms = await loadImage(new NodeFiles(path.join(repoRoot, "build")), "image");
  roms.set("fuzzer.wasm", await fuzzerModule());
  const console = new BufferConsole();
  const failures: string[] = [];
  const fail = (what: string) => { if (!failures.includes(what) && failures.length < 50) failures.push(what); };
  const traps: string[] = [];
  const totals = { ram: DEFAULT_RAM, caps: DEFAULT_CAPS };
  const { sys, core } = await boot({ roms, config: new TextEncoder().encode(config("")), console });
  watchKernel(sys, traps);
  const reconfigure = async (starts: string) => {
    core.updateRom("config", new TextEncoder().encode(config(starts)));
    await sys.idle();
  };

  // Where each fuzzer keeps its ledger, from its first report line.
  const ledgers = new Map<string, { addr: number; slots: number }>();
  const stats = new Map<string, string>();
  let checkpoints = 0;
  let duringDone = false;
  const check = (when: string) => {
    checkpoints++;
    for (const f of invariants(sys, totals, ledgers)) fail(`${when}: ${f}`);
  };
  console.onLine((line) => {
    const m = REPORT_LINE.exec(line);
    if (!m) return;
    const [, name, text] = m as unknown as [string, string, string];
    if (text.startsWith("ledger ")) {
      const [, addr, slots] = text.split(" ");
      ledgers.set(name, { addr: Number(addr), slots: Number(slots) });
    } else if (text.startsWith("progress ")) {
      const pd = sys.servers.find((x) => x?.label === `init -> ${name}`)?.pd ?? -1;
      opts.onProgress?.(`${name}: ${text}, caps ${sys.k.k_cap_used(pd)} of ${sys.k.k_cap_quota(pd)}, RAM quota ${(sys.k.k_ram_quota(pd) / 2 ** 20).toFixed(1)} MiB`);
      check(`${name} at ${text.split(" ")[1]} syscalls`);
      if (opts.during && !duringDone) { duringDone = true; opts.during(sys); }
    } else if (text.startsWith("done ")) {
      stats.set(name, text);
      opts.onProgress?.(`${name}: ${text}`);
    } else if (text.startsWith("surprise: ")) {
      fail(`${name}: ${text}`);
    }
  });

  await sys.idle();
  const before = accounts(sys);
  const hello = `Hello, hello_client -> !`;
  const fuzzers = fuzzerStart("fuzz", "fuzz_peer", opts.seed, opts.count, report) +
    fuzzerStart("fuzz_peer", "fuzz", opts.seed + 1, Math.floor(opts.count / 4), report);
  await reconfigure(fuzzers);
  check("after the fuzz");
  for (const name of FUZZERS) {
    const s = stats.get(name);
    if (!s) fail(`${name} did not finish (its last report: ${lastReport(console.lines, name) ?? "none"})`);
    else if (!/ surprises=0$/.test(s)) fail(`${name} was surprised: ${s}`);
  }

  // Init removes the fuzzers: everything they held goes back, nothing they touched stays held.
  await reconfigure("");
  for (const name of FUZZERS) {
    if (sys.servers.some((s) => s?.label === `init -> ${name}`)) fail(`${name} is still running after init removed it`);
  }
  check("after init removed the fuzzers");
  compareAccounts(before, accounts(sys), fail);

  // The well-behaved service still answers a new client.
  await reconfigure(`<start name="hello_client"/>`);
  if (!console.lines.includes(`[init -> hello_server] ${hello}`) || !console.lines.includes("[init -> hello_client] 2 + 5 = 7")) {
    fail(`hello_server no longer answers: hello_client logged ${JSON.stringify(console.lines.filter((l) => l.includes("hello_client")).slice(-3))}`);
  }

  for (const t of traps) fail(t);
  for (const f of sys.faults) {
    const ours = f.label === "init -> fuzz" || f.label.startsWith("init -> fuzz ") || f.label.startsWith("init -> fuzz_peer");
    if (!ours) fail(`"${f.label}" faulted, but only the fuzzers may: ${f.reason}`);
    else if (HOST_EXCEPTION.test(f.reason)) fail(`a host exception, counted as a fault of "${f.label}": ${f.reason}`);
  }
  for (const f of coreExceptions(console.lines)) fail(f);
  const syscalls = [...stats.values()].reduce((n, s) => n + Number(s.split(" ")[1]), 0);
  return { failures, syscalls, stats: [...stats.values()], checkpoints, lines: console.lines, sys };
}

function lastReport(lines: string[], name: string): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.startsWith(`[init -> ${name} -> fuzz-report] `)) return lines[i];
  return undefined;
}

/** All invariants that can be checked at any moment between two syscalls. */
function invariants(sys: System, totals: { ram: number; caps: number }, ledgers: Map<string, { addr: number; slots: number }>): string[] {
  const list = accounts(sys);
  const out = quotaBalance(list, totals);
  const { failures, slots } = ownership(sys, list);
  out.push(...failures);
  for (const [name, at] of ledgers) {
    const s = sys.servers.find((x) => x?.label === `init -> ${name}`);
    if (!s || !("memory" in s)) continue;
    const memory = (s as unknown as { memory: WebAssembly.Memory }).memory;
    const words = new Int32Array(memory.buffer, at.addr, at.slots);
    out.push(...ledgerMatch(name, slots.get(s.pd) ?? [], words, (slot) => sys.k.k_cap_info(s.pd, slot)));
  }
  return out;
}

/** After the fuzzers are gone, every other PD's quota and capability count is what it was before they came. */
function compareAccounts(before: PdAccount[], after: PdAccount[], fail: (what: string) => void): void {
  for (const b of before) {
    const a = after.find((x) => x.pd === b.pd);
    if (!a || !a.alive) { fail(`PD ${b.pd}, alive before the fuzz, is gone`); continue; }
    if (a.ram !== b.ram) fail(`PD ${b.pd}'s RAM quota was ${b.ram} before the fuzz and is ${a.ram} after`);
    if (a.caps !== b.caps) fail(`PD ${b.pd}'s cap quota was ${b.caps} before the fuzz and is ${a.caps} after`);
    if (a.capsUsed !== b.capsUsed) fail(`PD ${b.pd} held ${b.capsUsed} capabilities before the fuzz and ${a.capsUsed} after`);
  }
  for (const a of after) if (a.alive && !before.some((b) => b.pd === a.pd)) fail(`PD ${a.pd} is alive after the fuzz but was not before`);
}
