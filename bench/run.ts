// `npm run bench`: runs every bench in one process, prints a table, writes bench/results.json.
import * as fs from "node:fs";
import * as path from "node:path";
import { benchBoot, benchKernelLoad } from "./boot.ts";
import { benchRoms, repoRoot } from "./image.ts";
import { benchReconfig, benchRouting } from "./init.ts";
import type { IpcResult } from "./ipc.ts";
import { isolated } from "./isolated.ts";
import { benchFuelOverhead, benchInstrument } from "./fuel.ts";
import { benchMessageChannel } from "./messagechannel.ts";
import { benchPage } from "./page.ts";
import { benchFs, benchNodeFiles, benchShellBoot } from "./shell.ts";
import type { SpawnSample } from "./spawn.ts";
import { median, summarize, type Summary } from "./stats.ts";

const SPAWN_N = 10_000;
const log = (line: string) => process.stderr.write(line + "\n");
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

interface Row { key: string; s: Summary | null; goal: string; baseline?: string }

function table(rows: Row[]): string {
  const head = ["key", "median", "min..max (n)", "goal", "baseline"];
  const body = rows.map((r) => [r.key, r.s ? fmt(r.s.median) : "FAILED", r.s ? `${fmt(r.s.min)}..${fmt(r.s.max)} (${r.s.n})` : "", r.goal, r.baseline ?? ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

const failures: string[] = [];
/** Runs one bench; a failure is reported and leaves its figures out, the other benches still run. */
async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    failures.push(`${what}: ${(e as Error).message}`);
    log(`${what} FAILED: ${(e as Error).message}`);
    return null;
  }
}

async function main(): Promise<number> {
  const roms = await benchRoms(log);

  log("ipc: 21 laps of 100,000 round trips after 4 warm-up laps, in a fresh worker thread");
  const ipc = await attempt("ipc", () => isolated<IpcResult>("ipc", [roms, 100_000, 21, 4]));
  if (ipc) log(`ipc: fixed cost of a lap (one LOG line) ${fmt(ipc.fixedNs / 1000)} us, subtracted`);
  const ipcNs = ipc && summarize(ipc.samples);

  log("messagechannel: 21 rounds of 5,000 round trips after 3 warm-up rounds");
  const mcNs = summarize(await benchMessageChannel(5_000, 21, 3));

  log(`spawn: ${SPAWN_N} idle components through init, 5 runs after 1 warm-up, each in a fresh worker thread; baseline: ${SPAWN_N} bare instances`);
  const bare = await isolated<SpawnSample>("bare", [roms, SPAWN_N]);
  const spawns = await attempt("spawn", async () => {
    const out: SpawnSample[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await isolated<SpawnSample>("spawn", [roms, SPAWN_N]);
      log(`  run ${i}: ${fmt(s.ms)} ms, ${fmt(s.overheadKb)} KB/component beyond ${fmt(s.touchedKb)} KB of touched linear memory (heapUsed+external: ${fmt(s.heapExtKb)} KB)${i === 0 ? " (warm-up)" : ""}`);
      if (i > 0) out.push(s);
    }
    return out;
  });
  const spawnMs = spawns && summarize(spawns.map((s) => s.ms));
  const overheadKb = spawns && summarize(spawns.map((s) => s.overheadKb));

  // In-process benches after the isolated ones: their systems' garbage stays out of the workers' figures.
  log("boot: examples/hello.xml, 21 runs after 5 warm-up; baseline: kernel.wasm compiled and instantiated alone");
  const boot = await attempt("boot", async () => summarize(await benchBoot(roms, 21, 5)));
  const kernel = summarize(await benchKernelLoad(roms, 21, 5));

  log("init: one routing decision (20,000 after parsing, 8 rounds); a new config for 100 children, 5 runs");
  const routeUs = await attempt("route", async () => summarize(await benchRouting(repoRoot, 8)));
  const reconfig = await attempt("reconfig", () => benchReconfig(roms, 5));
  const reconfigMs = reconfig && summarize(reconfig.changed);
  const unchangedMs = reconfig && summarize(reconfig.unchanged);

  log("fuel: each workload metered and unmetered, 11 paired runs after 2 warm-up; the rewrite of every image module, 9 runs");
  const fuel = await attempt("fuel", async () => benchFuelOverhead(roms.get("fuel_work.wasm")!, 11, 2));
  for (const w of fuel ?? []) log(`  ${w.name}: ${fmt(w.overheadPct)}% over ${fmt(w.plainMs)} ms unmetered`);
  const fuelPct = fuel && summarize([median(fuel.map((w) => w.overheadPct))]);
  const image = [...roms].filter(([name]) => name.endsWith(".wasm") && name !== "kernel.wasm").map(([, bytes]) => bytes);
  const instrument = await attempt("instrument", async () => benchInstrument(image, 9));
  const instrumentMs = instrument && summarize([instrument.rewrite]);

  log("shell: `node bin/wasmode.js -c true`, 9 processes after 1; baseline `node -e 0`. fs: 4 MB written and read back, 8 rounds after 1");
  const shellBoot = await attempt("shell boot", () => benchShellBoot(9));
  const shellMs = shellBoot && summarize(shellBoot.shell);
  const nodeMs = shellBoot && summarize(shellBoot.node);
  const FS_SIZE = 4 * 1024 * 1024;
  const fsRate = await attempt("fs", async () => summarize(await benchFs(roms, FS_SIZE, 9)));
  const nodeRate = summarize(benchNodeFiles(FS_SIZE, 9));

  log("page: navigation to the prompt in headless chromium against web/dist, 7 cold loads after 1");
  const pageSamples = await attempt("page", () => benchPage(7, 1));
  const pageMs = pageSamples && summarize(pageSamples.map((s) => s.promptMs));
  const pageKb = pageSamples && summarize(pageSamples.map((s) => s.bytes / 1024));

  const speedup = ipcNs && summarize([mcNs.median / ipcNs.median]);
  process.stdout.write(table([
    { key: "ipc_roundtrip_ns", s: ipcNs, goal: "<= 100", baseline: `MessageChannel ${fmt(mcNs.median)} ns` },
    { key: "messagechannel_roundtrip_ns", s: mcNs, goal: "(baseline)" },
    { key: "ipc_speedup", s: speedup, goal: ">= 200" },
    { key: "spawn_10k_ms", s: spawnMs, goal: "<= 1000", baseline: `${SPAWN_N} bare instances ${fmt(bare.ms)} ms` },
    { key: "component_overhead_kb", s: overheadKb, goal: "<= 50", baseline: `bare instance ${fmt(bare.overheadKb)} KB` },
    { key: "boot_ms", s: boot, goal: "<= 100", baseline: `kernel.wasm alone ${fmt(kernel.median)} ms` },
    { key: "fuel_overhead_pct", s: fuelPct, goal: "<= 5", baseline: fuel ? `median of ${fuel.length} workloads; each unmetered` : "" },
    { key: "instrument_ms_per_100kb", s: instrumentMs, goal: "<= 20", baseline: instrument ? `compiling the same bytes ${fmt(instrument.compile)} ms` : "" },
    { key: "shell_boot_ms", s: shellMs, goal: "<= 150 + node", baseline: nodeMs ? `node -e 0 ${fmt(nodeMs.median)} ms` : "" },
    { key: "fs_write_read_mb_s", s: fsRate, goal: ">= 50", baseline: `Node's files (tmpdir) ${fmt(nodeRate.median)} MB/s` },
    { key: "page_prompt_ms", s: pageMs, goal: "<= 1000", baseline: pageKb ? `${fmt(pageKb.median)} KB fetched before the prompt (goal < 2048)` : "" },
    { key: "page_transfer_kb", s: pageKb, goal: "< 2048" },
    { key: "route_request_us", s: routeUs, goal: "(measured)" },
    { key: "reconfig_100_children_ms", s: reconfigMs, goal: "(measured)", baseline: unchangedMs ? `unchanged config ${fmt(unchangedMs.median)} ms` : "" },
  ]) + "\n");
  const results = {
    ipc_roundtrip_ns: ipcNs?.median ?? null,
    messagechannel_roundtrip_ns: mcNs.median,
    ipc_speedup: speedup?.median ?? null,
    spawn_10k_ms: spawnMs?.median ?? null,
    component_overhead_kb: overheadKb?.median ?? null,
    boot_ms: boot?.median ?? null,
    fuel_overhead_pct: fuelPct?.median ?? null,
    instrument_ms_per_100kb: instrumentMs?.median ?? null,
    shell_boot_ms: shellMs?.median ?? null,
    fs_write_read_mb_s: fsRate?.median ?? null,
    page_prompt_ms: pageMs?.median ?? null,
    page_transfer_kb: pageKb?.median ?? null,
    route_request_us: routeUs?.median ?? null,
    reconfig_100_children_ms: reconfigMs?.median ?? null,
  };
  const out = path.join(repoRoot, "bench/results.json");
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
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
