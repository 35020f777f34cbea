// The module fuzz run: loads random and mutated module shapes (fuzz/shapes.ts) into a running system,
// a few at a time, beside a healthy ticking neighbour, on virtual time. Invariants: the host never
// throws out of its loop; each module is refused at load with a line naming it and what is wrong,
// or runs, exits or faults as a component (never a host exception); the neighbour keeps ticking.
import * as path from "node:path";
import { boot } from "../kernel/host/boot.ts";
import { BufferConsole } from "../kernel/host/devices/console.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { VirtualClock } from "../kernel/host/devices/virtual_clock.ts";
import { loadImage } from "../kernel/host/image.ts";
import { packageRoot } from "../bin/paths.ts";
import { tickerModule } from "./binaries.ts";
import { coreExceptions, HOST_EXCEPTION } from "./invariants.ts";
import { random } from "./random.ts";
import { nextShape, type Shape } from "./shapes.ts";

export interface ModuleFuzzOptions {
  seed: number;
  /** Modules to load. */
  count: number;
  /** Modules loaded side by side in one step. */
  batch?: number;
  /** Modules between progress lines. */
  report?: number;
  onProgress?: (line: string) => void;
}

export interface ModuleFuzzVerdict {
  failures: string[];
  modules: number;
  /** What became of the modules: refused at load, ran (exited or still running), faulted. */
  refused: number;
  ran: number;
  faulted: number;
  /** The neighbour's ticks over the run. */
  ticks: number;
  lines: string[];
}

/** Each step lasts this long on virtual time; the ticker ticks every 10 ms, so it must tick at least this often in one. */
const STEP_MS = 50;
const MIN_TICKS = 3;
/** The budget of each module's activations: loops end fast, and a run repeats exactly. */
const FUEL = 2_000_000;

function config(starts: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="ticker" ram="2M"/>
  ${starts}
</config>`;
}

export async function runModuleFuzz(opts: ModuleFuzzOptions): Promise<ModuleFuzzVerdict> {
  const batch = Math.max(1, opts.batch ?? 4), every = Math.max(1, opts.report ?? 20);
  const roms = await loadImage(new NodeFiles(path.join(packageRoot, "build")), "image");
  roms.set("ticker.wasm", await tickerModule());
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
  console.onLine((line) => {
    const m = /^\[init -> ticker\] tick (\d+)$/.exec(line);
    if (m) ticks = Number(m[1]);
  });
  const step = async (starts: string) => {
    core.updateRom("config", new TextEncoder().encode(config(starts)));
    const before = ticks;
    await clock.advance(STEP_MS);
    return ticks - before;
  };
  await step("");
  if (ticks === 0) fail(`the ticker never ticked: ${console.lines.slice(-5).join(" | ")}`);

  const rnd = random(opts.seed);
  const v = { refused: 0, ran: 0, faulted: 0 };
  let nextReport = every;
  for (let done = 0; done < opts.count;) {
    const shapes: Shape[] = [];
    for (let i = 0; i < batch && done + i < opts.count; i++) shapes.push(nextShape(rnd));
    const faultsBefore = sys.faults.length, refusedBefore = sys.refused.length, linesBefore = console.lines.length;
    shapes.forEach((s, i) => core.updateRom(`shape${i}`, s.bytes));
    // The fuzzer is the host here, allowing its shapes unsigned (as `run --unsigned` does): what they meet is the module checks.
    await core.trust.vouch(new Map(shapes.map((s, i) => [`shape${i}`, s.bytes])));
    const starts = shapes.map((s, i) => `<start name="m${done + i}" ram="${s.ram}" fuel="${FUEL}"> <binary name="shape${i}"/> </start>`).join("\n  ");
    const ticked = await step(starts);
    const lines = console.lines.slice(linesBefore);
    shapes.forEach((s, i) => {
      const name = `m${done + i}`, label = `init -> ${name}`;
      const where = `module ${done + i} (${s.what}; seed ${opts.seed})`;
      const refusal = lines.find((l) => l.startsWith(`[init] child "${name}" not started: `));
      const fault = sys.faults.slice(faultsBefore).find((f) => f.label === label);
      if (refusal) {
        v.refused++;
        const reason = refusal.slice(refusal.indexOf(": ") + 2);
        if (!reason.startsWith(`shape${i}: `) || reason.length < `shape${i}: `.length + 8) fail(`${where}: refused without naming the module and what is wrong: ${refusal}`);
        if (/a bug of the host/.test(reason)) fail(`${where}: the host failed on it: ${refusal}`);
        if (!sys.refused.slice(refusedBefore).some((r) => r.label === label)) fail(`${where}: init says it was not started, but core did not refuse it: ${refusal}`);
      } else if (fault) {
        v.faulted++;
        if (HOST_EXCEPTION.test(fault.reason)) fail(`${where}: a host exception, counted as its fault: ${fault.reason}`);
      } else if (sys.servers.some((x) => x?.label === label) || lines.some((l) => l.startsWith(`[init] child "${name}" exited`))) {
        v.ran++;
      } else {
        fail(`${where}: neither refused, running, exited nor faulted; its lines: ${JSON.stringify(lines.filter((l) => l.includes(name)))}`);
      }
    });
    for (const f of sys.faults.slice(faultsBefore)) {
      if (!/^init -> m\d+$/.test(f.label)) fail(`"${f.label}" faulted while modules ${done}-${done + shapes.length - 1} loaded: ${f.reason}`);
    }
    if (ticked < MIN_TICKS) fail(`the ticker ticked ${ticked} times in ${STEP_MS} ms while modules ${done}-${done + shapes.length - 1} loaded (${shapes.map((s) => s.what).join("; ")})`);
    done += shapes.length;
    // Removes them: whatever they held goes, and the next step starts clean.
    await step("");
    if (done >= nextReport || done >= opts.count) {
      while (nextReport <= done) nextReport += every;
      opts.onProgress?.(`modules: ${done} of ${opts.count}: ${v.refused} refused at load, ${v.ran} ran, ${v.faulted} faulted; the ticker at tick ${ticks}`);
    }
  }
  for (const f of coreExceptions(console.lines)) fail(f);
  return { failures, modules: opts.count, ...v, ticks, lines: console.lines };
}
