// Fair delivery: a component whose signal handler submits its own signal again cannot keep the host from timers and its neighbours.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BufferConsole } from "../../../kernel/host/devices/console.ts";
import { Kernel } from "../../../kernel/host/kernel.ts";
import { nextTask, System, TURN_ACTIVATIONS, TURN_MS } from "../../../kernel/host/system.ts";
import { imageDir } from "../../support/paths.ts";
import { initConfig, startSystem, testComponent, type Run } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;

/** Lets the run go (time jumps when idle, and a busy turn takes 1 ms) until `done` holds for its log, within `turns` host tasks. */
async function runUntil(run: Run, done: (lines: string[]) => boolean, turns = 100_000): Promise<void> {
  run.clock.auto = true;
  try {
    for (let i = 0; !done(run.lines); i++) {
      if (i >= turns) throw new Error(`not done after ${turns} host tasks; log:\n${run.lines.join("\n")}`);
      await nextTask();
    }
  } finally {
    run.clock.auto = false;
  }
}

const ticks = (lines: string[]) => lines.filter((l) => l.startsWith("[init -> ticker] tick ")).length;

describe("fair delivery of signals", () => {
  it("a handler that submits its own signal again and again leaves its neighbour ticking all along", async () => {
    const run = await startSystem(initConfig(`${TIMER} <start name="ticker"/> <start name="storm"/>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
      storm: await testComponent("tests/kernel/host/assembly/signal_storm.ts"),
    });
    await runUntil(run, (lines) => lines.some((l) => l.startsWith("[init -> storm] storm ends")));
    const begins = run.lines.indexOf("[init -> storm] storm begins");
    const ends = run.lines.indexOf("[init -> storm] storm ends after 100000 deliveries");
    expect(begins, run.lines.join("\n")).toBeGreaterThanOrEqual(0);
    expect(ends, run.lines.join("\n")).toBeGreaterThan(begins);
    // 100,000 deliveries are 100 turns of the loop, each 1 ms of virtual time: the 10 ms ticker
    // ticks about 10 times meanwhile. A host that delivers until none is pending gives it none.
    expect(ticks(run.lines.slice(begins, ends))).toBeGreaterThanOrEqual(8);
    expect(run.sys.faults).toEqual([]);
  });

});

/** A system on a booted kernel with no component: its loop runs the jobs a test queues. */
async function bareSystem(clock?: { now(): number }): Promise<System> {
  const kernel = await Kernel.load(new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm"))));
  expect(kernel.k.k_boot(1 << 24, 1 << 12)).toBe(0);
  return new System(kernel, new BufferConsole(), clock);
}

describe("the loop's turns", () => {
  it("run at most TURN_ACTIVATIONS activations, then yield, and run every one in order", async () => {
    const sys = await bareSystem();
    const ran: number[] = [];
    let yields = 0;
    sys.whenYielding(() => yields++);
    const n = 2 * TURN_ACTIVATIONS + 10;
    for (let i = 0; i < n; i++) sys.queue(() => ran.push(i));
    await sys.idle();
    expect(yields).toBe(2);
    expect(ran).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("last at most TURN_MS on the system's clock: slow activations yield sooner", async () => {
    let t = 0;
    const sys = await bareSystem({ now: () => t });
    const ran: number[] = [];
    const turns: number[][] = [[]];
    sys.whenYielding(() => turns.push([]));
    // Each activation takes 2 ms of the clock: a turn holds three (0, 2, 4 < TURN_MS = 5).
    for (let i = 0; i < 9; i++) sys.queue(() => { ran.push(i); turns.at(-1)!.push(i); t += 2; });
    await sys.idle();
    expect(TURN_MS).toBe(5);
    expect(turns).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
