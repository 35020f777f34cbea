// `npm run bench`: runs every bench in one process, prints each figure beside its baseline from the same run, writes bench/results.json.
import * as fs from "node:fs";
import * as path from "node:path";
import { benchBoot } from "./boot.ts";
import { benchBuild } from "./build.ts";
import { type Figure, fmt, results, table } from "./figures.ts";
import { benchFuelOverhead, benchInstrument } from "./fuel.ts";
import type { HogSample } from "./hog.ts";
import { benchRoms, repoRoot } from "./image.ts";
import { benchReconfig, benchRouting } from "./init.ts";
import type { IpcResult } from "./ipc.ts";
import { isolated } from "./isolated.ts";
import { benchKernelSwap } from "./kernel_swap.ts";
import { benchEditToRunning } from "./edit_swap.ts";
import { benchMessageChannel } from "./messagechannel.ts";
import { benchPage, Skipped } from "./page.ts";
import { benchPageBuild } from "./page_build.ts";
import { benchFs, benchNodeFiles, benchShellBoot } from "./shell.ts";
import type { SpawnSample } from "./spawn.ts";
import { alternate, median, summarize, type Summary } from "./stats.ts";
import { benchSign, benchVerifyBoot } from "./provenance.ts";
import { benchSwap } from "./swap.ts";

const SPAWN_N = 10_000;
const log = (line: string) => process.stderr.write(line + "\n");
const sum = (xs: number[] | null | undefined): Summary | null => (xs ? summarize(xs) : null);
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const failures: string[] = [];
const skips = new Map<string, string>();
/** Runs one bench; a failure is reported and leaves its figures out, a skip (no browser) too but without failing the run. */
async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Skipped) {
      skips.set(what, e.message);
      log(`${what} SKIPPED: ${e.message}`);
    } else {
      failures.push(`${what}: ${(e as Error).message}`);
      log(`${what} FAILED: ${(e as Error).message}`);
    }
    return null;
  }
}

async function main(): Promise<number> {
  const roms = await benchRoms(log);

  log("ipc: 21 laps of 100,000 round trips after 4 warm-up laps, in a fresh worker thread");
  const ipc = await attempt("ipc", () => isolated<IpcResult>("ipc", [roms, 100_000, 21, 4]));
  if (ipc) log(`ipc: fixed cost of a lap (one LOG line) ${fmt(ipc.fixedNs / 1000)} us, subtracted`);
  const ipcNs = sum(ipc?.samples);
  log("ipc baseline: MessageChannel, 21 rounds of 5,000 round trips after 3 warm-up rounds");
  const mcNs = await attempt("ipc baseline", async () => summarize(await benchMessageChannel(5_000, 21, 3)));

  log(`spawn: ${SPAWN_N} idle components through init, 5 runs after 1 warm-up, alternating with as many of the baseline, ${SPAWN_N} bare instances; each run in a fresh worker thread`);
  const spawns = await attempt("spawn", () => alternate(5, 1, async () => {
    const s = await isolated<SpawnSample>("spawn", [roms, SPAWN_N]);
    log(`  through init: ${fmt(s.ms)} ms, ${fmt(s.overheadKb)} KB/component beyond ${fmt(s.touchedKb)} KB of touched linear memory (heapUsed+external: ${fmt(s.heapExtKb)} KB)`);
    return s;
  }, async () => {
    const s = await isolated<SpawnSample>("bare", [roms, SPAWN_N]);
    log(`  bare:         ${fmt(s.ms)} ms, ${fmt(s.overheadKb)} KB/instance beyond ${fmt(s.touchedKb)} KB of touched linear memory`);
    return s;
  }));

  log("hog: a 10 ms periodic ticker beside a component spinning with default settings, 500 ms after the spin ended, 3 runs alternating with the ticker alone for 500 ms; each run in a fresh worker thread");
  const hog = await attempt("hog", () => alternate(3, 0, async () => {
    const s = await isolated<HogSample>("hog", [roms, true, 500]);
    log(`  beside the spin: longest gap ${fmt(s.maxGapMs)} ms, ${s.ticks} ticks; the spin: ${s.spinEnd ?? "still running"}`);
    return s.maxGapMs;
  }, async () => {
    const s = await isolated<HogSample>("hog", [roms, false, 500]);
    log(`  alone:           longest gap ${fmt(s.maxGapMs)} ms, ${s.ticks} ticks`);
    return s.maxGapMs;
  }));

  // In-process benches after the isolated ones: their systems' garbage stays out of the workers' figures.
  log("boot: examples/hello.xml, 21 runs after 5 warm-up, alternating with as many of the baseline, kernel.wasm compiled and instantiated alone");
  const boot = await attempt("boot", () => benchBoot(roms, 21, 5));
  log("provenance: hello.xml booted verifying every boot module's signed provenance, 21 runs after 5 warm-up, alternating with as many boots that trust them unchecked");
  const verifyBoot = await attempt("provenance verify boot", () => benchVerifyBoot(roms, 21, 5));
  log("sign: hello's provenance signed (PAE, Ed25519 through WebCrypto, the envelope), 51 after 10, alternating with the bare signature of the same bytes");
  const sign = await attempt("sign", () => benchSign(roms, 51, 10));

  log("kernel swap: the image's kernel.wasm taking over the running default system's kernel, 21 swaps after 3, alternating with as many of the baseline, kernel.wasm compiled, instantiated and booted alone");
  const kernelSwap = await attempt("kernel swap", () => benchKernelSwap(roms, 21, 3));
  if (kernelSwap) log(`  ${kernelSwap.pds} PDs and ${kernelSwap.objects} objects taken over; of each swap the system stood still ${fmt(median(kernelSwap.pauses))} ms (median)`);

  log("init: one routing decision (20,000 after parsing, 8 rounds); a new config for 100 children, 5 runs, each beside an unchanged config");
  const routeUs = await attempt("route", async () => summarize(await benchRouting(repoRoot, 8)));
  const reconfig = await attempt("reconfig", () => benchReconfig(roms, 5));

  log("swap: hello_server holding 100 sessions swapped in place 100 times while its client calls, each beside a fresh sealed instance of it");
  const swap = await attempt("swap", () => benchSwap(roms, 100));
  if (swap) log(`  snapshot: ${swap.stateBytes} bytes; calls lost or failed: ${swap.lost}`);

  log("fuel: each workload metered, unmetered and in a second unmetered instance, 12 rounds after 2 warm-up; the rewrite of every image module beside compiling it, 9 runs");
  const fuel = await attempt("fuel", async () => benchFuelOverhead(roms.get("fuel_work.wasm")!, 12, 2));
  for (const w of fuel ?? []) log(`  ${w.name}: ${fmt(w.meteredMs)} ms metered, ${fmt(w.plainMs)} ms unmetered: ${fmt(w.overheadPct)}% (a second unmetered instance: ${fmt(w.floorPct)}%)`);
  const image = [...roms].filter(([name]) => name.endsWith(".wasm") && name !== "kernel.wasm").map(([, bytes]) => bytes);
  const instrument = await attempt("instrument", async () => benchInstrument(image, 9));

  log("shell: `node bin/wasmode.js -c true`, 9 processes after 1, each beside `node -e 0`. fs: 4 MB written and read back, 8 rounds after 1, and the same through Node's files");
  const shellBoot = await attempt("shell boot", () => benchShellBoot(9));
  const FS_SIZE = 4 * 1024 * 1024;
  const fsRate = await attempt("fs", async () => summarize(await benchFs(roms, FS_SIZE, 9)));
  const nodeRate = await attempt("fs baseline", async () => summarize(benchNodeFiles(FS_SIZE, 9)));

  log("build: hello_server typed at the default system's shell (builder, compiler device), --dev and release, 7 runs after 1 and a warm-up, each beside asc called in this process on the same sources");
  const builds = await attempt("build", () => benchBuild(7, log));

  log("edit to running: one line of hello_server changed in the shell's editor, `build --dev --swap hello_server; restart hello_client` until the new code answers, 5 after 1, each beside `build --force --dev hello_server` alone");
  const editSwap = await attempt("edit swap", () => benchEditToRunning(5, log));
  const overhead = (value: number[], base: number[]) => summarize([(median(value) / median(base) - 1) * 100]);

  log("page: navigation to the prompt in headless chromium against web/dist, 7 cold loads after 1, alternating with as many of a blank page from the same server");
  const page = await attempt("page", () => benchPage(7, 1));
  const pageSkipped = skips.get("page");

  log("page build: `build hello_server --dev` typed in the page in headless chromium, 5 fresh pages after 1 (a cold build, then 2 warm ones each), alternating with as many plain workers compiling the same sources with asc from the same site");
  const pageBuild = await attempt("page build", () => benchPageBuild(5, 1, log));
  const pageBuildSkipped = skips.get("page build");

  const speedup = ipcNs && mcNs && summarize([mcNs.median / ipcNs.median]);
  const figures: Figure[] = [
    { key: "ipc_roundtrip_ns", value: ipcNs, baseline: mcNs, kind: "cost", goal: "<= 100",
      baselineIs: "a MessageChannel round trip of the same 64 bytes between two worker threads (ping, echo): Node's own message passing" },
    { key: "ipc_speedup", value: speedup, kind: "rate", goal: ">= 200",
      baselineIs: "none: it is itself ipc_roundtrip_ns_baseline / ipc_roundtrip_ns" },
    { key: "spawn_10k_ms", value: sum(spawns?.value.map((s) => s.ms)), baseline: sum(spawns?.baseline.map((s) => s.ms)), kind: "cost", goal: "<= 1000",
      baselineIs: `${SPAWN_N} bare instances of idle.wasm, each with its memory: no kernel, no init (each run in a fresh worker, as the spawns)` },
    { key: "component_overhead_kb", value: sum(spawns?.value.map((s) => s.overheadKb)), baseline: sum(spawns?.baseline.map((s) => s.overheadKb)), kind: "cost", goal: "<= 50",
      baselineIs: "what a bare instance costs beyond its touched linear memory, from the same runs" },
    { key: "hog_latency_ms", value: sum(hog?.value), baseline: sum(hog?.baseline), kind: "cost", goal: "<= 150",
      baselineIs: "the same ticker alone, no hostile component: the longest gap between its 10 ms ticks on this machine" },
    { key: "boot_ms", value: sum(boot?.value), baseline: sum(boot?.baseline), kind: "cost", goal: "<= 100",
      baselineIs: "compiling and instantiating kernel.wasm alone (Kernel.load), the floor under any boot" },
    // The issue's figure is what verifying adds: each verified boot less the unchecked boot beside it.
    { key: "provenance_verify_boot_ms", value: sum(verifyBoot?.value.map((v, i) => v - verifyBoot.baseline[i]!)), baseline: sum(verifyBoot?.baseline), kind: "cost", goal: "<= 10",
      baselineIs: "the same boot trusting the boot modules unchecked; the figure is what verifying every module's envelope (sha256, Ed25519, the statement) adds to it, pair by pair" },
    { key: "sign_ms", value: sum(sign?.value), baseline: sum(sign?.baseline), kind: "cost", goal: "<= 5",
      baselineIs: "the bare Ed25519 signature of the same PAE bytes through WebCrypto (the rest is the PAE and the envelope's encoding)" },
    { key: "kernel_swap_ms", value: sum(kernelSwap?.value), baseline: sum(kernelSwap?.baseline), kind: "cost", goal: "<= 2 added",
      baselineIs: "compiling, instantiating and booting the same kernel.wasm alone (Kernel.load, k_boot): what any swap must at least do (added is saving, loading and checking the state, and switching)" },
    { key: "fuel_overhead_pct", value: fuel && summarize([median(fuel.map((w) => w.overheadPct))]), baseline: fuel && summarize([median(fuel.map((w) => w.floorPct))]), kind: "percent", goal: "<= 5",
      baselineIs: "a second unmetered instance against the first, by the same pairing: the slowdown the method reads where nothing is metered (median of the workloads)" },
    { key: "fuel_workloads_ms", value: fuel && summarize([total(fuel.map((w) => w.meteredMs))]), baseline: fuel && summarize([total(fuel.map((w) => w.plainMs))]), kind: "cost", goal: "(measured)",
      baselineIs: "the same workloads unmetered (each a sum of the workloads' medians; the times under fuel_overhead_pct)" },
    { key: "instrument_ms_per_100kb", value: sum(instrument?.rewrite), baseline: sum(instrument?.compile), kind: "cost", goal: "<= 20",
      baselineIs: "compiling the same modules unchanged (new WebAssembly.Module), ms per 100 KB" },
    { key: "shell_boot_ms", value: sum(shellBoot?.shell), baseline: sum(shellBoot?.node), kind: "cost", goal: "<= 150 added",
      baselineIs: "`node -e 0`, Node's own start, a whole process timed the same way (added is the shell's boot work)" },
    { key: "fs_write_read_mb_s", value: fsRate, baseline: nodeRate, kind: "rate", goal: ">= 50",
      baselineIs: "the same bytes written and read back through Node's own files (a file in the tmpdir)" },
    { key: "page_prompt_ms", value: sum(page?.value.map((s) => s.promptMs)), baseline: sum(page?.baseline.map((s) => s.promptMs)), kind: "cost", goal: "<= 1000", skipped: pageSkipped,
      baselineIs: "a cold load of an empty HTML page from the same server in the same browser, navigation to its load event" },
    { key: "page_transfer_kb", value: sum(page?.value.map((s) => s.bytes / 1024)), baseline: sum(page?.baseline.map((s) => s.bytes / 1024)), kind: "cost", goal: "< 2048", skipped: pageSkipped,
      baselineIs: "the bytes of that empty page's load (headers and body)" },
    { key: "page_build_cold_ms", value: sum(pageBuild?.cold), baseline: sum(pageBuild?.coldBaseline), kind: "cost", goal: "<= 3000", skipped: pageBuildSkipped,
      baselineIs: "a plain module Web Worker on a blank page of the same site, in a fresh context as the page's: asc imported from the same static build (fetched, not cached) and the same sources compiled with the same flags, from the worker's creation to its answer" },
    { key: "page_build_warm_ms", value: sum(pageBuild?.warm), baseline: sum(pageBuild?.warmBaseline), kind: "cost", goal: "<= 500", skipped: pageBuildSkipped,
      baselineIs: "that worker compiling the same sources again, asc loaded: the compile alone, in the same browser" },
    { key: "build_dev_warm_ms", value: sum(builds?.dev), baseline: sum(builds?.devDirect), kind: "cost", goal: "<= 300",
      baselineIs: "asc called directly in this process on the same sources with the same flags (compiler loaded): the compile alone" },
    { key: "build_release_warm_ms", value: sum(builds?.release), baseline: sum(builds?.releaseDirect), kind: "cost", goal: "(measured)",
      baselineIs: "asc called directly in this process, release flags (compiler loaded)" },
    { key: "build_overhead_pct", value: builds && overhead(builds.release, builds.releaseDirect), baseline: builds && overhead(builds.releaseDirectAgain, builds.releaseDirect), kind: "percent", goal: "<= 10",
      baselineIs: "a second set of direct release builds against the first: how far the method reads where nothing is added" },
    { key: "edit_to_running_ms", value: sum(editSwap?.value), baseline: sum(editSwap?.baseline), kind: "cost", goal: "<= 400",
      baselineIs: "`build --force --dev hello_server` alone in the same system, compiler warm: the build without the swap and the call (added is swapping in and the new code's first answer)" },
    { key: "route_request_us", value: routeUs, kind: "cost", goal: "(measured)",
      baselineIs: "none: a routing decision is init's own work, and nothing without Wasmode makes one" },
    { key: "reconfig_100_children_ms", value: sum(reconfig?.changed), baseline: sum(reconfig?.unchanged), kind: "cost", goal: "(measured)",
      baselineIs: "the same config handed again unchanged: init reads and compares it but tells no child (added is reconfiguring the 100)" },
    { key: "swap_ms", value: sum(swap?.swapMs), baseline: sum(swap?.restartMs), kind: "cost", goal: "<= 5",
      baselineIs: "a fresh instance of the same module in the same PD, instantiated and started sealed: what a restart pays for its new instance, without snapshot or restore" },
    { key: "swap_lost_calls", value: swap && summarize([swap.lost]), kind: "cost", goal: "0",
      baselineIs: "none: calls a client made through 100 swaps that failed or that the server did not count" },
  ];
  process.stdout.write(table(figures) + "\n");
  const out = path.join(repoRoot, "bench/results.json");
  fs.writeFileSync(out, JSON.stringify(results(figures), null, 2) + "\n");
  log(`wrote ${out}${failures.length ? ` (null: failed)\n${failures.join("\n")}` : ""}`);
  return failures.length ? 1 : 0;
}

let finished = false;
process.on("exit", () => {
  if (!finished) {
    process.stderr.write("bench ended before its results: a promise was never settled\n");
    process.exitCode = 1;
  }
});

main().then((code) => { finished = true; process.exit(code); }, (e) => {
  finished = true;
  process.stderr.write(String((e as Error)?.stack ?? e) + "\n");
  process.exit(1);
});
