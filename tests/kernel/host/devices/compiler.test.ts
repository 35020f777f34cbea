// The compiler device's contract over a scripted worker: one compile at a time, the worker made on first use and reused, a stop past the time limit, a crash reported and the worker made anew.
import { describe, expect, it } from "vitest";
import { type CompileResult, type CompilerWorkerEvents, type ToCompilerWorker, WorkerCompiler } from "../../../../kernel/host/devices/compiler.ts";
import { checkFlags, validSourcePath } from "../../../../kernel/host/core/compiler_flags.ts";

/** Workers the test answers by hand: each job it got, and the events to answer with. */
function scripted() {
  const workers: { events: CompilerWorkerEvents; jobs: ToCompilerWorker[]; terminated: boolean }[] = [];
  const spawn = (events: CompilerWorkerEvents) => {
    const w = { events, jobs: [] as ToCompilerWorker[], terminated: false };
    workers.push(w);
    return { post: (m: ToCompilerWorker) => void w.jobs.push(m), terminate: () => { w.terminated = true; } };
  };
  return { workers, spawn };
}

const job = { files: new Map([["a.ts", new Uint8Array([1])]]), entries: ["a.ts"], flags: [] };
const turn = () => new Promise((r) => setImmediate(r));
/** A job's entries (a disassembly's: its kind). */
const entriesOf = (j: ToCompilerWorker) => (j.kind === "compile" ? j.entries : [j.kind]);

describe("the compiler device", () => {
  it("makes its worker on the first compile, reuses it, and runs compiles one after another", async () => {
    const { workers, spawn } = scripted();
    const device = new WorkerCompiler("asc 1", spawn);
    expect(workers).toHaveLength(0);
    const lines: string[] = [];
    const first = device.compile(job, (p) => lines.push(p.line));
    const second = device.compile({ ...job, entries: ["b.ts"] }, () => {});
    await turn();
    expect(workers).toHaveLength(1);
    // The second waits until the first ended.
    expect(workers[0]!.jobs.map(entriesOf)).toEqual([["a.ts"]]);
    workers[0]!.events.message({ kind: "progress", phase: "compiling", loaded: 0, total: 0, line: "compiling a.ts" });
    workers[0]!.events.message({ kind: "done", binary: new Uint8Array([0, 97]), inputs: ["a.ts"] });
    expect(await first).toEqual({ outcome: "done", binary: new Uint8Array([0, 97]), inputs: ["a.ts"] });
    expect(lines).toEqual(["compiling a.ts"]);
    await turn();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.jobs.map(entriesOf)).toEqual([["a.ts"], ["b.ts"]]);
    workers[0]!.events.message({ kind: "failed", diagnostics: "b.ts:1:1: no\n", inputs: ["b.ts"] });
    expect(await second).toEqual({ outcome: "failed", diagnostics: "b.ts:1:1: no\n", inputs: ["b.ts"] });
  });

  it("runs a disassembly in the same worker, after the compile before it: its text, or why not", async () => {
    const { workers, spawn } = scripted();
    const device = new WorkerCompiler("asc 1", spawn, {}, undefined, "wabt 9");
    expect(device.watVersion).toBe("wabt 9");
    const compiled = device.compile(job, () => {});
    const shown = device.disassemble(new Uint8Array([0, 97, 115, 109]), "$f");
    const refused = device.disassemble(new Uint8Array([1]), "");
    await turn();
    expect(workers[0]!.jobs.map(entriesOf)).toEqual([["a.ts"]]);
    workers[0]!.events.message({ kind: "done", binary: new Uint8Array([0]), inputs: [] });
    await compiled;
    await turn();
    expect(workers[0]!.jobs[1]).toEqual({ kind: "disassemble", binary: new Uint8Array([0, 97, 115, 109]), func: "$f" });
    workers[0]!.events.message({ kind: "text", text: "(func $f)\n" });
    expect(await shown).toEqual({ ok: true, text: "(func $f)\n" });
    await turn();
    workers[0]!.events.message({ kind: "failed", diagnostics: "not a module wabt can read: bad magic\n", inputs: [] });
    expect(await refused).toEqual({ ok: false, reason: "not a module wabt can read: bad magic" });
    expect(workers).toHaveLength(1);
  });

  it("stops a compile past its time limit, and the next compile gets a new worker", async () => {
    const { workers, spawn } = scripted();
    const device = new WorkerCompiler("asc 1", spawn, { timeLimitMs: 5 });
    const r = await device.compile(job, () => {});
    expect(r).toEqual({ outcome: "stopped", diagnostics: "the compile ran past its time limit of 5 ms and was stopped\n" });
    expect(workers[0]!.terminated).toBe(true);
    // A late answer of the stopped worker reaches nobody.
    workers[0]!.events.message({ kind: "done", binary: new Uint8Array(1), inputs: [] });
    device.limits.timeLimitMs = 120_000;
    const next = device.compile(job, () => {});
    await turn();
    expect(workers).toHaveLength(2);
    workers[1]!.events.message({ kind: "done", binary: new Uint8Array([7]), inputs: [] });
    expect((await next).outcome).toBe("done");
  });

  it("reports a worker that died, and makes a new one for the next compile", async () => {
    const { workers, spawn } = scripted();
    const device = new WorkerCompiler("asc 1", spawn, { memoryLimitMb: 64 });
    const crashed = device.compile(job, () => {});
    await turn();
    workers[0]!.events.died("heap out of memory", true);
    workers[0]!.events.died("it exited with code 1", false);
    expect(await crashed).toEqual({ outcome: "crashed", diagnostics: "the compiler ran out of memory (limit 64 MB); it is restarted on the next build\n" } satisfies CompileResult);
    const other = device.compile(job, () => {});
    await turn();
    workers[1]!.events.died("boom", false);
    expect(await other).toEqual({ outcome: "crashed", diagnostics: "the compiler's worker died: boom; it is restarted on the next build\n" });
    expect(workers).toHaveLength(2);
  });
});

describe("the Compiler session's flags and paths", () => {
  it("takes the image build's flags and asc's harmless options", () => {
    expect(checkFlags(["--runtime", "incremental", "--importMemory", "--exportStart", "_start", "-O3"])).toEqual(["--runtime", "incremental", "--importMemory", "--exportStart", "_start", "-O3"]);
    expect(checkFlags(["--runtime=stub", "--optimizeLevel", "2", "--shrinkLevel=1", "--noAssert", "--debug", "--exportRuntime", "-Oz"])).toEqual(["--runtime", "stub", "--optimizeLevel", "2", "--shrinkLevel", "1", "--noAssert", "--debug", "--exportRuntime", "-Oz"]);
  });

  it("refuses what is unknown or touches the host's files, naming the flag", () => {
    expect(checkFlags(["--outFile", "x.wasm"])).toBe(`flag "--outFile" is not one the compiler device allows`);
    expect(checkFlags(["--transform=./evil.js"])).toBe(`flag "--transform=./evil.js" is not one the compiler device allows`);
    for (const f of ["--config", "--lib", "--path", "--baseDir", "--textFile", "--bindings", "--sourceMap", "--stats", "-O9", "constructor", "__proto__"]) expect(typeof checkFlags([f, "x"])).toBe("string");
    expect(checkFlags(["--runtime", "../x"])).toBe(`flag "--runtime" does not take the value "../x"`);
    expect(checkFlags(["--optimizeLevel"])).toBe(`flag "--optimizeLevel" needs a value`);
  });

  it("takes relative paths without . or .. elements, at most the limit long", () => {
    for (const p of ["a.ts", "components/lib/log.ts", "~lib/x.ts", "p".repeat(255)]) expect(validSourcePath(p, 255), p).toBe(true);
    for (const p of ["", "/a.ts", "a/../b.ts", "./a.ts", "a//b.ts", "a/", "..", "a\\b.ts", "p".repeat(256), "é".repeat(128)]) expect(validSourcePath(p, 255), p).toBe(false);
  });
});
