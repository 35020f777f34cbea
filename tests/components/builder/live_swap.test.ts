// The builder across live swaps: idle (its sessions, connections and last build kept), and mid-build (the build goes on in the new instance, its client told of its progress and its end).
import { afterAll, describe, expect, it } from "vitest";
import type { Compiler, CompileJob, CompileProgress, CompileResult } from "../../../kernel/host/devices/compiler.ts";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { swapInstance, type SwapOutcome } from "../../../kernel/host/live_swap.ts";
import { imageModule, pdOf, swap } from "../../kernel/host/live_swap_system.ts";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import { generateKey, type SigningKey } from "../../../kernel/host/provenance/keys.ts";
import { Screen } from "../../shell/screen.ts";
import { bootWithCompiler, defaultSystem, run } from "./build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

/** The compiler device, with a hook run as a compile starts (the builder's call to it is under way). */
class HookedCompiler implements Compiler {
  onCompile: (() => void) | null = null;
  compiles = 0;
  /** Compiles begun and not yet ended. */
  running = 0;
  constructor(private readonly inner: Compiler) {}
  get version(): string { return this.inner.version; }
  get loaded(): boolean { return this.inner.loaded; }
  get builderId(): string { return this.inner.builderId; }
  toolchain() { return this.inner.toolchain(); }
  compile(job: CompileJob, progress: (p: CompileProgress) => void): Promise<CompileResult> {
    this.compiles++;
    const hook = this.onCompile;
    this.onCompile = null;
    this.running++;
    const result = this.inner.compile(job, progress).then((r) => { this.running--; return r; });
    hook?.();
    return result;
  }
  close(): void {}
}

function builderLabel(s: Screen): string {
  return s.run.sys.servers.find((x) => x?.label.endsWith(" -> builder"))!.label;
}

describe("the builder across live swaps", () => {
  it("swapped idle, before and after a build: the shell builds on through its session, and the last build's end is kept", async () => {
    const s = await bootWithCompiler(compiler);
    const module = await imageModule("builder.wasm");
    const first = await swap(s.run, builderLabel(s), module);
    expect(first.kind, "reason" in first ? first.reason : "").toBe("restored");
    const built = await run(s, "build --dev hello");
    expect(built.at(-1), built.join("\n")).toBe("build: 1 built");
    const second = await swap(s.run, builderLabel(s), module);
    expect(second.kind, "reason" in second ? second.reason : "").toBe("restored");
    expect(await run(s, "build --dev hello")).toEqual(["[1/1] hello.wasm: up to date", "build: 1 up to date"]);
    await run(s, "start hello");
    expect(s.run.lines).toContain("[init -> runtime -> hello] Hello");
    expect(s.run.lines.filter((l) => l.includes("-> builder]"))).toEqual([]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("swapped while a module compiles: the new instance takes the build over, the shell sees its progress and its end, the next build works", async () => {
    const hooked = new HookedCompiler(compiler);
    const s = await bootWithCompiler(hooked);
    const module = await imageModule("builder.wasm");
    const at: { outcome?: SwapOutcome; compiling?: number } = {};
    // As the first module goes to the compiler: the swap is queued, and runs while the compile does.
    hooked.onCompile = () => s.run.sys.queue(() => {
      at.compiling = hooked.running;
      at.outcome = swapInstance(s.run.sys, pdOf(s.run, builderLabel(s)), module);
    });
    const built = await run(s, "build --dev hello hello_server");
    const outcome = at.outcome;
    expect(outcome).toBeDefined();
    expect(outcome!.kind, outcome && "reason" in outcome ? outcome.reason : "").toBe("restored");
    expect(at.compiling, "the compile still ran at the swap").toBe(1);
    expect(hooked.compiles).toBe(2);
    expect(built[0]).toMatch(/^\[1\/2\] hello\.wasm: compiling components\/hello\/main\.ts \(dev, \d+ sources\)$/);
    expect(built.filter((l) => /^\[1\/2\] hello\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello\.wasm, signed \(key [0-9a-f]{8}\)$/.test(l)), built.join("\n")).toHaveLength(1);
    expect(built.filter((l) => /^\[2\/2\] hello_server\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello_server\.wasm, signed \(key [0-9a-f]{8}\)$/.test(l)), built.join("\n")).toHaveLength(1);
    expect(built.at(-1)).toBe("build: 2 built");
    // The binaries built across the swap run; a new build through the same session goes as before.
    await run(s, "start hello");
    expect(s.run.lines).toContain("[init -> runtime -> hello] Hello");
    expect(await run(s, "build --dev hello")).toEqual(["[1/1] hello.wasm: up to date", "build: 1 up to date"]);
    expect(s.run.lines.filter((l) => l.includes("-> builder]"))).toEqual([]);
    expect(s.run.sys.faults).toEqual([]);
  }, 180_000);

  it("swapped while core signs a module's provenance: the new instance writes the envelope and goes on to the next module", async () => {
    const { key } = await generateKey();
    const at: { outcome?: SwapOutcome; signs: number } = { signs: 0 };
    let s: Screen | null = null;
    // The first signature waits until the builder, which asked for it, was swapped.
    const hooked: SigningKey = {
      keyid: key.keyid,
      publicKey: key.publicKey,
      async sign(data) {
        if (at.signs++ === 0) {
          const run = s!.run;
          await new Promise<void>((resolve) => run.sys.queue(() => {
            at.outcome = swapInstance(run.sys, pdOf(run, builderLabel(s!)), module);
            resolve();
          }));
        }
        return key.sign(data);
      },
    };
    const screen = new Screen(new MemoryStorage(), 160, 60);
    screen.compiler = compiler;
    screen.signer = hooked;
    s = await screen.boot(defaultSystem);
    const module = await imageModule("builder.wasm");
    const built = await run(s, "build --dev hello hello_server");
    expect(at.outcome?.kind, at.outcome && "reason" in at.outcome ? at.outcome.reason : "").toBe("restored");
    expect(at.signs).toBe(2);
    expect(built.filter((l) => /^\[1\/2\] hello\.wasm: .* -> \/build\/hello\.wasm, signed \(key [0-9a-f]{8}\)$/.test(l)), built.join("\n")).toHaveLength(1);
    expect(built.filter((l) => /^\[2\/2\] hello_server\.wasm: .* -> \/build\/hello_server\.wasm, signed \(key [0-9a-f]{8}\)$/.test(l)), built.join("\n")).toHaveLength(1);
    expect(built.at(-1)).toBe("build: 2 built");
    expect((await run(s, "ls /build")).filter((l) => l.endsWith(".intoto.jsonl"))).toEqual(["hello.wasm.intoto.jsonl", "hello_server.wasm.intoto.jsonl"]);
    expect(s.run.lines.filter((l) => l.includes("-> builder]"))).toEqual([]);
    expect(s.run.sys.faults).toEqual([]);
  }, 180_000);
});
