// Core's Compiler service through a component's CompilerConnection: real compiles in the device's worker, bad requests, a stopped and a crashed compile, beside a ticking neighbour.
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../../kernel/host/devices/node_compiler.ts";
import { startSystem, testComponent, type Run } from "../../../support/system.ts";

// One device for the file: its worker loads asc once (the stop and the crash tests restart it).
const compiler = nodeCompiler();
afterAll(() => compiler.close());

const CLIENT = "tests/kernel/host/core/assembly/compiler_client.ts";
const TICKER = "bench/components/ticker/main.ts";

function config(starts: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Compiler"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="ticker" ram="2M"/>
  ${starts}
</config>`;
}

function client(name: string, job: string): string {
  return `<start name="${name}" ram="4M"> <binary name="compiler_client"/> <config> <job ${job}/> </config> </start>`;
}

async function boot(starts: string): Promise<Run> {
  const roms = { "compiler_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
  return startSystem(config(starts), roms, { compiler });
}

/** Resolves once the log has a line starting with `prefix` (the compile runs in real time in its worker; nothing sleeps). */
function line(run: Run, prefix: string): Promise<string> {
  return new Promise((resolve) => {
    const found = run.lines.find((l) => l.startsWith(prefix));
    if (found !== undefined) return resolve(found);
    run.console.onLine((l) => { if (l.startsWith(prefix)) resolve(l); });
  });
}

/** The lines of `label` after its prefix. */
function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** The neighbour keeps ticking: 50 ms of virtual time bring at least 4 ticks. */
async function neighbourTicks(run: Run): Promise<void> {
  const before = linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length;
  await run.clock.advance(50);
  expect(linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length - before).toBeGreaterThanOrEqual(4);
  expect(run.sys.faults).toEqual([]);
}

describe("core's Compiler service", () => {
  it("compiles a module into a binary that instantiates; a second client's compile waits its turn", async () => {
    const run = await boot(client("first", `source="add"`) + client("second", `source="add"`));
    await line(run, "[init -> second] end:");
    await line(run, "[init -> first] end:");
    for (const name of ["first", "second"]) {
      const log = linesOf(run, name);
      expect(log[0]).toBe("version: assemblyscript 0.28.20");
      expect(log).toContain("again while it runs: Pending reset: Pending");
      expect(log.find((l) => l.startsWith("end:"))).toMatch(/^end: Done compiled: \d+ bytes$/);
      expect(log).toContain("inputs: main.ts");
      const hex = log.find((l) => l.startsWith("binary: "))!.slice("binary: ".length);
      const { instance } = await WebAssembly.instantiate(Buffer.from(hex, "hex"));
      expect((instance.exports.add as (a: number, b: number) => number)(2, 40)).toBe(42);
    }
    // The first loads the compiler, then compiles (progress coalesces at most into the end: loading takes a while).
    expect(linesOf(run, "first")).toContain("progress: Compiling compiling main.ts");
    // One compile at a time: the first runs at once, the second waits, saying so.
    expect(linesOf(run, "first").find((l) => l.startsWith("asked:"))).toBe("asked: Ok Loading loading the AssemblyScript compiler");
    expect(linesOf(run, "second").find((l) => l.startsWith("asked:"))).toBe("asked: Ok Loading waiting for another compile to end");
    await neighbourTicks(run);
  });

  it("names the file, line and column of what does not compile, with the source line and a caret", async () => {
    const run = await boot(client("c", `source="errors"`));
    await line(run, "[init -> c] inputs:");
    const log = linesOf(run, "c");
    expect(log.find((l) => l.startsWith("end:"))).toMatch(/^end: Failed main\.ts:\d+:\d+: /);
    const diag = log.filter((l) => l.startsWith("diag: ")).map((l) => l.slice("diag: ".length));
    const syntax = diag.indexOf("main.ts:3:14: Expression expected.");
    expect(syntax).toBeGreaterThanOrEqual(0);
    expect(diag.slice(syntax + 1, syntax + 3)).toEqual(["  return a + ;", "             ^"]);
    const missing = diag.findIndex((l) => /^main\.ts:1:\d+: File 'lib\/missing\.ts' not found\.$/.test(l));
    expect(missing).toBeGreaterThanOrEqual(0);
    expect(diag[missing + 1]).toBe(`import { helper } from "./lib/missing";`);
    expect(log).toContain("inputs: main.ts");
    expect(log.some((l) => l.startsWith("binary:"))).toBe(false);
    await neighbourTicks(run);
  });

  it("answers bad requests with an error code and still compiles after them", async () => {
    const run = await boot(client("bad", `source="add" hostile="1"`) + client("good", `source="add"`));
    await line(run, "[init -> bad] end:");
    await line(run, "[init -> good] end:");
    expect(linesOf(run, "bad").find((l) => l.startsWith("hostile: "))?.split(" ").slice(1)).toEqual([
      "abs=Invalid", "dotdot=Invalid", "dot=Invalid", "empty-elem=Invalid", "empty=Invalid", "long=Invalid",
      "big-piece=Invalid", "gap=Invalid", "fill=Ok", "over-staged=NoSpace", "reset=Ok", "files=Ok", "over-files=NoSpace",
      "flag-unknown=Invalid", "flag-outFile=Invalid", "flag-transform=Invalid", "flag-config=Invalid", "flag-lib=Invalid",
      "flag-runtime=Invalid", "flag-novalue=Invalid", "entry-abs=Invalid", "no-entry=Invalid", "no-sigh=BadMsg",
      "read-which=Invalid", "read-max=Invalid", "read-past=Invalid", "read-empty=Ok", "opcode=BadOpcode", "status=Idle",
    ]);
    for (const name of ["bad", "good"]) expect(linesOf(run, name).find((l) => l.startsWith("end:"))).toMatch(/^end: Done/);
    expect(run.lines).toContain(`[core] init -> bad -> : compile refused: flag "--transform" is not one the compiler device allows`);
    await neighbourTicks(run);
  });

  it("stops a compile that runs past its time limit, and compiles again afterwards", async () => {
    // A new worker: loading asc alone takes longer than 50 ms.
    compiler.close();
    compiler.limits.timeLimitMs = 50;
    const run = await boot(client("slow", `source="add" again="1"`));
    try {
      expect(await line(run, "[init -> slow] end:")).toBe("[init -> slow] end: Stopped the compile ran past its time limit of 50 ms and was stopped");
      expect(linesOf(run, "slow")).toContain("diag: the compile ran past its time limit of 50 ms and was stopped");
      expect(compiler.running).toBe(false);
    } finally {
      compiler.limits.timeLimitMs = 120_000;
    }
    await neighbourTicks(run);
    await run.clock.advance(1000);
    expect(await line(run, "[init -> slow] end: Done")).toMatch(/compiled: \d+ bytes$/);
  });

  it("reports a worker that ran out of memory, and restarts it on the next compile", async () => {
    // A new worker gets the heap limit: make the next one too small to load asc.
    compiler.close();
    compiler.limits.memoryLimitMb = 8;
    const run = await boot(client("oom", `source="add" again="1"`));
    try {
      expect(await line(run, "[init -> oom] end:")).toBe("[init -> oom] end: Crashed the compiler ran out of memory (limit 8 MB); it is restarted on the next build");
    } finally {
      compiler.limits.memoryLimitMb = 1024;
    }
    await neighbourTicks(run);
    await run.clock.advance(1000);
    expect(await line(run, "[init -> oom] end: Done")).toMatch(/compiled: \d+ bytes$/);
  });
});
