// The host survives failures of its own devices: a console that throws, or a stream that would overflow under a deeply recursed caller, never stops the log.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { boot } from "../../../kernel/host/boot.ts";
import { BufferConsole, GuardedConsole, HELD_LINES, type Console } from "../../../kernel/host/devices/console.ts";
import { StdoutConsole } from "../../../kernel/host/devices/node_console.ts";
import { VirtualClock } from "../../../kernel/host/devices/virtual_clock.ts";
import { bootImage, initConfig, startSystem, testComponent, waitFor } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;

/** Boots `config` with the image plus `roms` on `console`, on held virtual time. */
async function bootOn(console: Console, config: string, roms: Record<string, Uint8Array> = {}) {
  const all = new Map(await bootImage());
  for (const [name, bytes] of Object.entries(roms)) all.set(name, bytes);
  const clock = new VirtualClock({ auto: false });
  const booted = await boot({ roms: all, clock, config: new TextEncoder().encode(config), console });
  return { ...booted, clock };
}

/** Lets `ms` of virtual time pass, an alarm at a time. */
async function pass(clock: VirtualClock, ms: number): Promise<void> {
  const end = clock.now() + ms;
  await clock.advance(0);
  while (clock.nextAlarm !== null && clock.nextAlarm <= end) await clock.advance(clock.nextAlarm - clock.now());
  await clock.advance(end - clock.now());
}

/** A console that throws on the writes numbered in `failing` (from 1), and keeps the others. */
class FlakyConsole extends BufferConsole {
  private n = 0;
  constructor(private readonly failing: Set<number>) { super(); }
  override write(line: string): void {
    if (this.failing.has(++this.n)) throw new RangeError("Maximum call stack size exceeded");
    super.write(line);
  }
}

describe("a console device that throws", () => {
  it("throws once: the line comes on a fresh stack, and every component's later lines arrive, in order", async () => {
    const config = initConfig(`${TIMER} <start name="ticker"/> <start name="hello"/>`);
    const roms = { ticker: await testComponent("bench/components/ticker/main.ts") };
    const healthy = new BufferConsole();
    await pass((await bootOn(healthy, config, roms)).clock, 50);
    // Its first write throws, and then its fourth: the log is the same as on a healthy console.
    const device = new FlakyConsole(new Set([1, 4]));
    const { clock, sys } = await bootOn(device, config, roms);
    await pass(clock, 50);
    expect(device.lines).toEqual(healthy.lines);
    expect(device.lines).toContain("[init -> hello] Hello");
    expect(device.lines).toContain("[init -> ticker] tick 4");
    expect(sys.faults).toEqual([]);
  }, 60_000);

  it("keeps failing on the retry: the lines are lost, counted, and a notice says so before the next line", async () => {
    const device = new FlakyConsole(new Set([1, 2]));
    const guarded = new GuardedConsole(device);
    guarded.write("a");
    guarded.write("b"); // behind the held one: in order, not written before it
    await Promise.resolve(); // the retry's microtask
    guarded.write("c");
    expect(device.lines).toEqual(["[core] console: 2 log lines lost (RangeError: Maximum call stack size exceeded)", "c"]);
  });

  it("holds at most HELD_LINES lines behind a failed one; the rest are counted", async () => {
    const device = new FlakyConsole(new Set([1]));
    const guarded = new GuardedConsole(device);
    for (let i = 0; i < HELD_LINES + 10; i++) guarded.write(`line ${i}`);
    await Promise.resolve();
    expect(device.lines.length).toBe(HELD_LINES);
    expect(device.lines[0]).toBe("line 0");
    guarded.write("next");
    expect(device.lines.slice(-2)).toEqual(["[core] console: 10 log lines lost (RangeError: Maximum call stack size exceeded)", "next"]);
  });
});

/** A stream that, as Node's own, needs a good deal of stack to write, and breaks when it overflows halfway. */
function needyStream(out: string[]): Writable {
  const need = (n: number): number => (n === 0 ? 0 : need(n - 1) + 1);
  return new Writable({
    write(chunk, _encoding, done) {
      need(3000);
      out.push(String(chunk));
      done();
    },
  });
}

describe("the stdout console", () => {
  it("writes from a fresh stack: a component that logs at the stack's limit faults alone, and the log goes on", async () => {
    const out: string[] = [];
    const { clock, sys } = await bootOn(new StdoutConsole(needyStream(out)), initConfig(`${TIMER} <start name="ticker"/> <start name="deep"/>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
      deep: await testComponent("tests/kernel/host/assembly/deep_logger.ts"),
    });
    await pass(clock, 100);
    expect(sys.faults.map((f) => f.label)).toEqual(["init -> deep"]);
    const lines = out.join("").split("\n");
    // Its recursion bound (fuel/stack_bound.ts) stops it short of the engine's limit, its log calls still at the stack's end.
    const fault = lines.findIndex((l) => l.startsWith("[core] init -> deep: fault: stack overflow"));
    expect(fault).toBeGreaterThan(0);
    expect(lines.slice(fault)).toContain("[init -> ticker] tick 5");
  }, 60_000);

  it("batches the lines of one activation into one write, after it", async () => {
    const writes: string[] = [];
    const console = new StdoutConsole({ write: (text: string) => writes.push(text) });
    console.write("one");
    console.write("two");
    expect(writes).toEqual([]);
    await Promise.resolve();
    expect(writes).toEqual(["one\ntwo\n"]);
  });

  it("a stream that throws loses those lines, counted; the next write says so", async () => {
    const writes: string[] = [];
    let fail = true;
    const console = new StdoutConsole({ write: (text: string) => { if (fail) { fail = false; throw new Error("EPIPE"); } writes.push(text); } });
    console.write("one");
    console.write("two");
    await Promise.resolve();
    console.write("three");
    await Promise.resolve();
    expect(writes).toEqual(["[core] console: 2 log lines lost (Error: EPIPE)\nthree\n"]);
  });

  it("an error the stream emits (a closed pipe) does not end the process", () => {
    const stream = new Writable({ write(_c, _e, done) { done(); } });
    new StdoutConsole(stream);
    expect(() => stream.emit("error", new Error("write EPIPE"))).not.toThrow();
  });
});

describe("host code that runs out of stack while serving a component", () => {
  it("in core's LOG service: the caller faults, core serves on, and the neighbour keeps ticking", async () => {
    const run = await startSystem(initConfig(`${TIMER} <start name="ticker"/> <start name="hello"/>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
    });
    // The engine's stack overflow, halfway through the service (after the line went out), for hello's line alone.
    const lastLine = run.core.lastLine;
    const set = lastLine.set.bind(lastLine);
    lastLine.set = (label: string, text: string) => {
      if (label === "init -> hello") throw new RangeError("Maximum call stack size exceeded");
      return set(label, text);
    };
    await waitFor(run, (lines) => lines.includes("[init -> ticker] tick 5"));
    expect(run.sys.faults).toEqual([{ pd: expect.any(Number), label: "init -> hello", reason: "stack overflow (Maximum call stack size exceeded)" }]);
    const fault = run.lines.indexOf("[core] init -> hello: fault: stack overflow (Maximum call stack size exceeded)");
    expect(fault).toBeGreaterThan(run.lines.indexOf("[init -> hello] Hello"));
    expect(run.lines.slice(fault)).toContain("[init -> ticker] tick 3");
    expect(run.sys.server(0)).toBe(run.core);
  }, 60_000);
});
