// A live kernel swap in the default system: a kernel built from changed sources takes over every PD's capabilities, quotas and deaths, also under the fuzzer; one that cannot take over leaves the old one running.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Err, KReg } from "../../../kernel/abi.ts";
import { loadKernel, swapKernel, takeOverWith, type SwapResult } from "../../../kernel/host/kernel_swap.ts";
import { runFuzz } from "../../../fuzz/harness.ts";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import type { System } from "../../../kernel/host/system.ts";
import { Screen } from "../../shell/screen.ts";
import { imageDir, repoRoot } from "../../support/paths.ts";
import { FORMAT_2, kernelVariant, MOVED_LAYOUT, NO_STATE_LOAD, TRAPS_IN_LOAD, WRONG_CAP_QUOTA } from "../kernel_variant.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const imageKernel = new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm")));

/** Every PD's capabilities (k_cap_info over its slots), quotas and liveness, the objects and the death count, as the running kernel tells them. */
function holdings(sys: System) {
  const k = sys.k, regs = () => sys.kernel.regs();
  const pds = [];
  for (let pd = 0; pd < sys.servers.length + 16; pd++) {
    const ram = k.k_ram_quota(pd);
    if (ram < 0) { pds.push(null); continue; }
    const capUsed = k.k_cap_used(pd), caps: number[][] = [];
    for (let slot = 0; caps.length < capUsed && slot < 1 << 16; slot++) {
      const r = k.k_cap_info(pd, slot);
      if (r !== Err.BadCap) caps.push(r < 0 ? [slot, r] : [slot, r, regs()[KReg.Out0]!, regs()[KReg.Out1]!]);
    }
    pds.push({ label: sys.servers[pd]?.label, alive: k.k_pd_alive(pd), ram, ramUsed: k.k_ram_usage(pd), capQuota: k.k_cap_quota(pd), capUsed, caps });
  }
  return { pds, objects: k.k_objects(), deaths: regs()[KReg.Deaths] };
}

async function bootDefault(roms: Record<string, Uint8Array> = {}): Promise<Screen> {
  return new Screen(new MemoryStorage()).boot(defaultSystem, roms);
}

/** The system works: the shell answers, a component starts, a call gets its answer. */
async function stillWorks(s: Screen): Promise<void> {
  await s.type("cat /README\r");
  expect(s.rows()).toContain("Welcome to Wasmode, a component system in WebAssembly.");
  await s.type("start hello\r");
  expect(s.run.lines).toContain("[init -> runtime -> hello] Hello");
  await s.type("start hello_server --provides Hello\rstart hello_client\r");
  expect(s.run.lines).toContain("[init -> runtime -> hello_client] 2 + 5 = 7");
  expect(s.run.sys.faults).toEqual([]);
}

describe("a live kernel swap", () => {
  it("hands every PD's capabilities, quotas and the death count to a kernel rebuilt with a changed line; no component restarts and all keep working", async () => {
    const s = await bootDefault();
    await s.type("echo kept > /note\rstart hello\r");
    await s.type("stop hello\r");
    const sys = s.run.sys, old = sys.kernel;
    const before = holdings(sys);
    expect(before.deaths).toBeGreaterThan(0);
    expect(before.pds.filter((p) => p?.alive).length).toBeGreaterThanOrEqual(12);
    const servers = [...sys.servers];

    const rebuilt = await kernelVariant(MOVED_LAYOUT);
    expect(Buffer.from(rebuilt).equals(imageKernel)).toBe(false);
    const result = await swapKernel(sys, rebuilt);
    expect(result).toMatchObject({ ok: true });
    expect(sys.kernel).not.toBe(old);
    expect(holdings(sys)).toEqual(before);
    expect(sys.servers).toEqual(servers);
    expect(s.run.lines.some((l) => /^\[core\] kernel [0-9a-f]{8} took over the running kernel's state in [\d.]+ ms \(the system stood still [\d.]+ ms\)$/.test(l))).toBe(true);

    const oldObjects = old.k.k_objects();
    await s.type("cat /note\r");
    expect(s.rows()).toContain("kept");
    await stillWorks(s);
    // Everything went to the new kernel: the old one saw none of it.
    expect(old.k.k_objects()).toBe(oldObjects);
    expect(sys.k.k_objects()).toBeGreaterThan(before.objects);
  });

  it("can be done again and again, back to the image's kernel too", async () => {
    const s = await bootDefault();
    const sys = s.run.sys, before = holdings(sys);
    for (const bytes of [await kernelVariant(MOVED_LAYOUT), imageKernel, await kernelVariant(MOVED_LAYOUT)]) {
      expect(await swapKernel(sys, bytes)).toMatchObject({ ok: true });
      expect(holdings(sys)).toEqual(before);
    }
    await stillWorks(s);
  });

  describe("refuses a kernel that cannot take over, saying why, and the old one runs on with nothing lost", () => {
    const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
      ["a newer state format", () => kernelVariant(FORMAT_2), /^the new kernel reads state format version 2, the running kernel's state is version 1$/],
      ["missing exports", () => kernelVariant(NO_STATE_LOAD), /^the new kernel.wasm does not load: kernel.wasm does not match this host: k_state_load is missing$/],
      ["a trap in k_state_load", () => kernelVariant(TRAPS_IN_LOAD), /^the new kernel trapped in k_state_load: unreachable/],
      ["one that loads the state but then answers other quotas", () => kernelVariant(WRONG_CAP_QUOTA), /^the new kernel does not hold what the running one does: PD 0 \(core\): capQuota (\d+) before, \d+ after$/],
      ["bytes that are no kernel", async () => new TextEncoder().encode("not a kernel"), /^the new kernel.wasm does not load: /],
    ];
    it.each(cases)("%s", async (_, bytes, reason) => {
      const s = await bootDefault();
      const sys = s.run.sys, old = sys.kernel, before = holdings(sys);
      const result = await swapKernel(sys, await bytes());
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(reason);
      expect(s.run.lines.at(-1)).toMatch(/^\[core\] kernel swap refused: .*; the running kernel goes on$/);
      expect(sys.kernel).toBe(old);
      expect(holdings(sys)).toEqual(before);
      await stillWorks(s);
    });

    it("an older state format: a kernel of format 1 under a running kernel of format 2", async () => {
      const s = await bootDefault({ "kernel.wasm": await kernelVariant(FORMAT_2) });
      const sys = s.run.sys, old = sys.kernel, before = holdings(sys);
      expect(sys.k.k_state_version()).toBe(2);
      const result = await swapKernel(sys, imageKernel);
      expect(result).toEqual({ ok: false, reason: "the new kernel reads state format version 1, the running kernel's state is version 2" });
      expect(sys.kernel).toBe(old);
      expect(holdings(sys)).toEqual(before);
      await stillWorks(s);
    });
  });
});

describe("the syscall fuzzer across a live kernel swap", () => {
  it("breaks no invariant when a rebuilt kernel takes over while two hostile fuzzers run", async () => {
    const rebuilt = await kernelVariant(MOVED_LAYOUT);
    let swapped: Promise<SwapResult> | null = null;
    // Compiled before the run, so that the takeover is queued at the first progress line, whatever the machine's load.
    const loaded = await loadKernel(rebuilt);
    if ("reason" in loaded) throw new Error(loaded.reason);
    const v = await runFuzz({ seed: 4, count: 10_000, report: 1_000, during: (sys) => { swapped = takeOverWith(sys, loaded); } });
    expect(await swapped).toMatchObject({ ok: true });
    expect(v.failures).toEqual([]);
    expect(v.syscalls).toBe(12_500);
    // The new kernel took over before the fuzzers were done, and served the rest of the run.
    const took = v.lines.findIndex((l) => l.startsWith("[core] kernel ") && l.includes("took over"));
    const done = v.lines.findIndex((l) => / -> fuzz-report\] done /.test(l));
    expect(took).toBeGreaterThan(0);
    expect(took).toBeLessThan(done);
    expect(v.sys.kernel.k.k_state_version()).toBe(1);
  });
});
