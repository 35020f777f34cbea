// The session flood run: flooders (fuzz/components/flooder) open sessions at core (LOG, ROM) and at
// servers (Timer, File_system) as fast as they can, with and without donations, close some and
// repeat, while a ticker ticks; healthy clients ask for the same services meanwhile and after. Invariants: every
// healthy client gets its sessions and service, the ticker ticks, quotas balance and every object
// has one owner, and once the flooders are gone core holds as many capabilities as before.
import * as path from "node:path";
import { boot, DEFAULT_CAPS, DEFAULT_RAM } from "../kernel/host/boot.ts";
import { BufferConsole } from "../kernel/host/devices/console.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { VirtualClock } from "../kernel/host/devices/virtual_clock.ts";
import { loadImage } from "../kernel/host/image.ts";
import { packageRoot } from "../bin/paths.ts";
import { flooderModule, tickerModule } from "./binaries.ts";
import { accounts, coreExceptions, HOST_EXCEPTION, ownership, quotaBalance } from "./invariants.ts";
import { random } from "./random.ts";

export interface FloodOptions {
  seed: number;
  /** Flood cycles: flooders start, flood, healthy clients come, all go. */
  count: number;
  /** Rounds each flooder runs in a cycle, and session requests per round. */
  rounds?: number;
  burst?: number;
  onProgress?: (line: string) => void;
}

export interface FloodVerdict {
  failures: string[];
  cycles: number;
  /** Sessions the flooders got and were denied, over the run (from their last lines). */
  opened: number;
  denied: number;
  healthy: number;
  lines: string[];
}

const CORE_PD = 0;
/** How long each phase lasts on virtual time: the ticker ticks every 10 ms. */
const PHASE_MS = 50;
const MIN_TICKS = 3;
const DONATIONS = ["nothing", "what the SDK donates", "twice that", "any of these"];

function config(starts: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer" caps="${SERVER_CAPS}"> <provides> <service name="Timer"/> </provides> </start>
  <start name="fs" ram="8M" caps="${SERVER_CAPS}"> <provides> <service name="File_system"/> </provides>
    <config> <policy label_prefix="" root="/" writeable="yes"/> </config> </start>
  <start name="ticker" ram="2M"/>
  ${starts}
</config>`;
}

/**
 * What stops a flood that is not paid for. Servers that account each session against its donation
 * refuse an under-donated one with Quota; servers that do not pay for it from their own
 * capabilities, and core pays for LOG sessions from its own 1,024. So each flooder's capabilities
 * bound what it can hold (a session takes a slot of its own), and the servers have more than all
 * flooders together can take: its own quota stops a flood before it reaches anyone else's, either way.
 */
const FLOODER_CAPS = 250;
const MAX_FLOODERS = 3;
const SERVER_CAPS = 100 + MAX_FLOODERS * FLOODER_CAPS;

function flooder(name: string, seed: number, rounds: number, burst: number, donate: number): string {
  return `<start name="${name}" caps="${FLOODER_CAPS}" ram="4M"> <binary name="flooder"/>
    <config seed="${seed}" rounds="${rounds}" burst="${burst}" report="${rounds}" donate="${donate}"/> </start>`;
}

function healthy(n: number): string {
  return `<start name="healthy${n}" ram="2M"> <binary name="flooder"/> <config mode="healthy" n="${n}"/> </start>`;
}

export async function runFlood(opts: FloodOptions): Promise<FloodVerdict> {
  const rounds = opts.rounds ?? 20, burst = opts.burst ?? 64;
  const roms = await loadImage(new NodeFiles(path.join(packageRoot, "build")), "image");
  roms.set("ticker.wasm", await tickerModule());
  roms.set("flooder.wasm", await flooderModule());
  const console = new BufferConsole();
  const clock = new VirtualClock({ auto: false });
  const failures: string[] = [];
  const fail = (what: string) => { if (!failures.includes(what) && failures.length < 50) failures.push(what); };
  const { sys, core } = await boot({ roms, config: new TextEncoder().encode(config("")), console, clock });
  const run = sys.run.bind(sys);
  sys.run = () => {
    try { run(); } catch (e) { fail(`host exception out of the event loop: ${(e as Error).stack ?? e}`); }
  };
  let ticks = 0;
  const done = new Map<string, string>();
  console.onLine((line) => {
    const tick = /^\[init -> ticker\] tick (\d+)$/.exec(line);
    if (tick) ticks = Number(tick[1]);
    const flood = /^\[init -> (flood\d+)\] flood: done (.*)$/.exec(line);
    if (flood) done.set(flood[1]!, flood[2]!);
  });
  const phase = async (what: string, starts: string) => {
    core.updateRom("config", new TextEncoder().encode(config(starts)));
    const before = ticks;
    await clock.advance(PHASE_MS);
    if (ticks - before < MIN_TICKS) fail(`${what}: the ticker ticked ${ticks - before} times in ${PHASE_MS} ms`);
  };
  const check = (when: string) => {
    const list = accounts(sys);
    for (const f of [...quotaBalance(list, { ram: DEFAULT_RAM, caps: DEFAULT_CAPS }), ...ownership(sys, list).failures]) fail(`${when}: ${f}`);
  };

  await phase("at boot", "");
  const coreCaps = sys.k.k_cap_used(CORE_PD);
  const rnd = random(opts.seed);
  let opened = 0, denied = 0, healthyServed = 0, n = 0;
  for (let cycle = 0; cycle < opts.count; cycle++) {
    const donate = Math.floor(rnd() * 4), flooders = 1 + Math.floor(rnd() * MAX_FLOODERS);
    const where = `cycle ${cycle} (${flooders} flooders donating ${DONATIONS[donate]}; seed ${opts.seed})`;
    const floods = Array.from({ length: flooders }, (_, i) => flooder(`flood${i}`, opts.seed * 1000 + cycle * 10 + i, rounds, burst, donate)).join("\n  ");
    done.clear();
    const linesBefore = console.lines.length;
    // One healthy client comes with the flooders, its requests among theirs; two more once they hold what they got.
    const during = n++, after = [n++, n++];
    await phase(`${where}, flooding`, `${floods}\n  ${healthy(during)}`);
    for (let i = 0; i < flooders; i++) {
      const last = done.get(`flood${i}`);
      if (!last) {
        if (!sys.faults.some((f) => f.label === `init -> flood${i}`)) fail(`${where}: flood${i} did not finish its ${rounds} rounds: ${console.lines.filter((l) => l.includes(`flood${i}`)).slice(-2).join(" | ")}`);
        continue;
      }
      opened += Number(/opened=(\d+)/.exec(last)?.[1] ?? 0);
      for (const [, count] of last.matchAll(/-\d+:(\d+)/g)) denied += Number(count);
    }
    check(`${where}, the flooders holding their sessions`);
    await phase(`${where}, healthy clients`, [floods, ...[during, ...after].map(healthy)].join("\n  "));
    for (const c of [during, ...after]) {
      const expected = `[init -> healthy${c}] healthy client${c}: Timer ok File_system ok`;
      if (console.lines.includes(expected)) healthyServed++;
      else fail(`${where}: healthy client${c} was not served: ${console.lines.filter((l) => l.includes(`healthy${c}`)).join(" | ") || "no line"}`);
    }
    await phase(`${where}, the flooders removed`, "");
    check(`${where}, the flooders removed`);
    const caps = sys.k.k_cap_used(CORE_PD);
    if (caps !== coreCaps) fail(`${where}: core holds ${caps} capabilities after the flooders went, ${coreCaps} before`);
    for (const f of sys.faults) {
      if (!/^init -> flood\d+$/.test(f.label)) fail(`${where}: "${f.label}" faulted: ${f.reason}`);
      else if (HOST_EXCEPTION.test(f.reason)) fail(`${where}: a host exception, counted as a fault of "${f.label}": ${f.reason}`);
    }
    const summary = [...done].map(([name, s]) => `${name} ${s}`).join("; ");
    opts.onProgress?.(`floods: cycle ${cycle + 1} of ${opts.count}, ${flooders} flooders donating ${DONATIONS[donate]}: ${summary}; healthy clients served ${healthyServed} of ${n}; core holds ${caps} capabilities (${coreCaps} at boot)`);
    if (console.lines.length - linesBefore > 100_000) console.lines.splice(0, linesBefore);
  }
  for (const f of coreExceptions(console.lines)) fail(f);
  return { failures, cycles: opts.count, opened, denied, healthy: healthyServed, lines: console.lines };
}
