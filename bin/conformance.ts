// `npm run conformance`: runs Genode's test-init scenario against our init, through the test-init driver, and prints each step's outcome.
//
// The runtime is Genode's test-init runtime in structure (SEMANTICS §1), written here in our own
// words: report_rom pairs the driver's `init.config` report with the sub-init's config ROM and
// the sub-init's `state` report with the driver's `state` ROM; the sub-init's LOG goes to the
// driver; the driver's config ROM is the scenario, a boot module `test-init.config` reached by a
// `<parent label>` rewrite. Timer comes from the `timer` component, the one client of core's
// Clock: the driver's sleeps and timeouts, init's heartbeats and dummy's delays all use Timer
// sessions (Genode's runtime gets Timer from its parent; here a child of the top init serves it).
//
// Timing: the run is on virtual time by default (devices/virtual_clock.ts): whenever every
// component is idle and an alarm is pending, time jumps to it. That keeps Genode's order of events
// wherever the scenario relies on time (report delays, heartbeats, the 750 ms close delay of the
// dangling-close test) exactly as real time would, whatever the machine's load, and the scenario's
// minutes of sleeps take none. `--real-time` runs on the platform's timers instead, where `--speed
// N` divides the sleeps by N for quick iteration.
import * as fs from "node:fs";
import * as path from "node:path";
import { boot } from "../kernel/host/boot.ts";
import { type Clock, PlatformClock } from "../kernel/host/devices/clock.ts";
import type { Console } from "../kernel/host/devices/console.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { VirtualClock } from "../kernel/host/devices/virtual_clock.ts";
import { loadImage } from "../kernel/host/image.ts";
import { genodeInitCorpus, imageDir as defaultImageDir } from "./paths.ts";

const corpus = genodeInitCorpus();
/** Genode's test-init scenario in its corpus (AGPL test data beside the checkout, never copied in). */
export const defaultScenario = path.join(corpus.dir, "os_raw_test-init_script.xml");

/** The label under which core prints the driver's lines. */
const DRIVER = "[init -> test-init] ";
const SUMMARY = /^\d+ passed, \d+ failed$/;

/** The top init's config: report_rom, the driver and the init under test, wired as Genode's runtime wires them. */
export function runtimeConfig(): string {
  return `<config>
  <parent-provides>
    <service name="ROM"/> <service name="CPU"/> <service name="PD"/> <service name="LOG"/> <service name="Clock"/>
  </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100"/>

  <start name="report_rom" ram="2M">
    <provides> <service name="ROM"/> <service name="Report"/> </provides>
    <config>
      <policy label="init -> config" report="test-init -> init.config"/>
      <policy label="test-init -> state" report="init -> state"/>
    </config>
  </start>

  <start name="timer" ram="1M">
    <provides> <service name="Timer"/> </provides>
    <route> <any-service> <parent/> </any-service> </route>
  </start>

  <start name="test-init" ram="4M">
    <provides> <service name="LOG"/> </provides>
    <route>
      <service name="Timer"> <child name="timer"/> </service>
      <service name="Report"> <child name="report_rom"/> </service>
      <service name="ROM" label="state"> <child name="report_rom"/> </service>
      <service name="ROM" label="config"> <parent label="test-init.config"/> </service>
      <any-service> <parent/> </any-service>
    </route>
  </start>

  <start name="init" ram="16M" caps="2000">
    <binary name="init"/>
    <route>
      <service name="ROM" label="config"> <child name="report_rom"/> </service>
      <service name="Report"> <child name="report_rom"/> </service>
      <service name="LOG"> <child name="test-init"/> </service>
      <service name="ROM" label="another_dummy"> <parent label="dummy"/> </service>
      <service name="Timer"> <child name="timer"/> </service>
      <any-service> <parent/> </any-service>
    </route>
  </start>
</config>`;
}

/** One top-level node of the scenario: a step. */
export interface Step { index: number; type: string; text: string }

/**
 * The scenario's steps: the top-level elements inside its root, comments skipped. A small scanner
 * (the scenario is well-formed XML); the driver itself parses with the SDK's parser.
 */
export function scenarioSteps(xml: string): Step[] {
  const steps: Step[] = [];
  const tag = /<!--[\s\S]*?-->|<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:[^>"]|"[^"]*")*?)(\/?)>/g;
  let depth = 0, start = 0, type = "";
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[0].startsWith("<!--")) continue;
    if (m[1] !== undefined) {
      depth--;
      if (depth === 1) steps.push({ index: steps.length, type, text: xml.slice(start, m.index + m[0].length) });
      continue;
    }
    if (depth === 1) { start = m.index; type = m[2]!; }
    if (m[4] === "/") {
      if (depth === 1) steps.push({ index: steps.length, type, text: m[0] });
    } else depth++;
  }
  return steps;
}

/**
 * The steps `--filter TEXT` runs: every section (from one `<message>` to the next; the steps
 * before the first message form a section too) in which some step mentions TEXT. Whole sections,
 * because an expectation needs the `<init_config>` before it.
 */
export function filterSteps(steps: Step[], text: string): number[] {
  const chosen: number[] = [];
  let section: Step[] = [];
  const flush = () => {
    if (section.some((s) => s.text.includes(text))) chosen.push(...section.map((s) => s.index));
    section = [];
  };
  for (const s of steps) {
    if (s.type === "message") flush();
    section.push(s);
  }
  flush();
  return chosen;
}

/** `1,2,3,7` as `1-3,7`. */
function ranges(indices: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    out.push(j > i ? `${indices[i]}-${indices[j]}` : `${indices[i]}`);
    i = j;
  }
  return out.join(",");
}

export interface ConformanceOptions {
  scenario?: string;
  image?: string;
  /** Sleeps run this many times faster (1: Genode's timing). */
  speed?: number;
  /** Run on the platform's timers rather than on virtual time. */
  realTime?: boolean;
  /** How long (ms of system time) an expectation may wait before it fails. */
  timeoutMs?: number;
  filter?: string;
  /** Every line of the system, not just the driver's step lines. */
  verbose?: boolean;
  /** Called with each line to show, as it comes. */
  print?: (line: string) => void;
  /** Gives up (host side) after this many real ms of the whole run. */
  limitMs?: number;
}

export interface ConformanceResult {
  /** The driver's `step N: …` lines and its closing line, without the label. */
  steps: string[];
  summary: string | null;
  passed: number;
  failed: number;
  /** How many steps the scenario has. */
  total: number;
  /** Step numbers that passed. */
  passing: number[];
  /** 0 when the driver exited with 0. */
  status: number;
  /** Everything the console printed. */
  log: string[];
}

/** The scenario with the driver's (non-Genode) tuning attributes added to its root. */
export function tunedScenario(xml: string, attrs: Record<string, string>): string {
  const extra = Object.entries(attrs).map(([k, v]) => ` ${k}="${v}"`).join("");
  return xml.replace(/<config\b/, `<config${extra}`);
}

/** Boots the runtime with the scenario and waits until the system is idle (or the limit passes). */
export async function runConformance(opts: ConformanceOptions = {}): Promise<ConformanceResult> {
  const scenarioFile = opts.scenario ?? defaultScenario;
  const xml = fs.readFileSync(scenarioFile, "utf8");
  const all = scenarioSteps(xml);
  const attrs: Record<string, string> = {
    sleep_divisor: String(Math.max(1, Math.floor(opts.speed ?? 1))),
    expect_timeout_ms: String(Math.max(1, Math.floor(opts.timeoutMs ?? 3000))),
  };
  if (opts.filter !== undefined) {
    const chosen = filterSteps(all, opts.filter);
    // Nothing mentions it: a step outside the scenario, so that no step runs.
    attrs.only_steps = chosen.length > 0 ? ranges(chosen) : String(all.length);
  }
  if (opts.verbose) attrs.echo_log = "yes";

  const imageDir = opts.image ?? defaultImageDir;
  const roms = await loadImage(new NodeFiles(path.dirname(imageDir)), path.basename(imageDir));
  roms.set("test-init.config", new TextEncoder().encode(tunedScenario(xml, attrs)));

  const log: string[] = [];
  const steps: string[] = [];
  const console: Console = {
    write(line: string) {
      log.push(line);
      const driver = line.startsWith(DRIVER) ? line.slice(DRIVER.length) : null;
      const isStep = driver !== null && (driver.startsWith("step ") || SUMMARY.test(driver));
      if (isStep) steps.push(driver!);
      if (opts.print && (opts.verbose || isStep)) opts.print(opts.verbose ? line : driver!);
    },
  };
  const clock: Clock = opts.realTime ? new PlatformClock() : new VirtualClock();
  const { sys } = await boot({ roms, config: new TextEncoder().encode(runtimeConfig()), console, clock });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<"limit">((resolve) => { timer = setTimeout(() => resolve("limit"), opts.limitMs ?? 30 * 60 * 1000); });
  const outcome = await Promise.race([sys.idle().then(() => "idle" as const), limit]);
  clearTimeout(timer);

  const summary = steps.find((s) => SUMMARY.test(s)) ?? null;
  const counts = summary ? summary.match(/^(\d+) passed, (\d+) failed$/)! : null;
  const exitLine = log.find((l) => l.startsWith('[init] child "test-init" exited with exit value '));
  const exitValue = exitLine ? Number(exitLine.slice(exitLine.lastIndexOf(" ") + 1)) : NaN;
  if (!summary) {
    const why = outcome === "limit" ? "the run exceeded its time limit" : "the system went idle before the driver finished";
    opts.print?.(`conformance: ${why}`);
  }
  return {
    steps,
    summary,
    passed: counts ? Number(counts[1]) : 0,
    failed: counts ? Number(counts[2]) : 0,
    total: all.length,
    passing: steps.flatMap((s) => { const m = s.match(/^step (\d+): PASS /); return m ? [Number(m[1])] : []; }),
    status: summary && exitValue === 0 ? 0 : 1,
    log,
  };
}

const USAGE = `usage: npm run conformance -- [--filter TEXT] [--real-time] [--speed N] [--timeout MS] [--verbose] [--scenario FILE] [--image DIR]
  --filter TEXT  run only the scenario's sections (message to message) where some step mentions TEXT
  --real-time    run on the platform's timers (default: virtual time, which jumps over idle waits)
  --speed N      divide the scenario's sleeps by N (default 1: Genode's timing)
  --timeout MS   how long an expectation may wait before it fails (default 3000)
  --verbose      print every line of the system, including what init and its children log`;

export function parseArgs(argv: string[]): ConformanceOptions {
  const opts: ConformanceOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const number = () => {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n < 1) throw new Error(`${a}: expected a positive number, got "${v}"`);
      return n;
    };
    if (a === "--filter") opts.filter = value();
    else if (a === "--speed") opts.speed = number();
    else if (a === "--timeout") opts.timeoutMs = number();
    else if (a === "--scenario") opts.scenario = value();
    else if (a === "--image") opts.image = value();
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--real-time") opts.realTime = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return opts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  Promise.resolve()
    .then(() => {
      const opts = parseArgs(process.argv.slice(2));
      // Without Genode's corpus there is nothing to run: say where it was looked for, and fail.
      if (opts.scenario === undefined && !corpus.found) throw new Error(corpus.missing);
      return runConformance({ ...opts, print: (l) => process.stdout.write(l + "\n") });
    })
    .then((r) => {
      if (!r.summary) process.stdout.write(`0 passed, ${r.total} failed\n`);
      process.exitCode = r.status;
    }, (e: unknown) => {
      process.stderr.write(`conformance: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    });
}
