// Short runs of the syscall, module and flood fuzzers (npm run fuzz does long ones), their repeatability, and checks that their invariants bite.
import { describe, expect, it } from "vitest";
import { Err, KReg, Rights } from "../../kernel/abi.ts";
import type { System } from "../../kernel/host/system.ts";
import { boot } from "../kernel/kernel_fixture.ts";
import { runFuzz } from "../../fuzz/harness.ts";
import { runModuleFuzz } from "../../fuzz/module_fuzz.ts";
import { runFlood } from "../../fuzz/session_flood.ts";
import { random } from "../../fuzz/random.ts";
import { nextShape } from "../../fuzz/shapes.ts";
import { accounts, ledgerMatch, ownership, quotaBalance, slotsOf } from "../../fuzz/invariants.ts";

describe("the syscall fuzzer", () => {
  it.each([1, 2])("seed %i: 10,000 syscalls (and 2,500 of its peer) break no invariant", async (seed) => {
    const v = await runFuzz({ seed, count: 10_000, report: 2_000 });
    expect(v.failures).toEqual([]);
    expect(v.syscalls).toBe(12_500);
    expect(v.checkpoints).toBeGreaterThanOrEqual(8);
    // The run reached servers: hello_server greeted the fuzzer, init refused it things.
    expect(v.lines.some((l) => l.startsWith("[init -> hello_server] Hello, fuzz"))).toBe(true);
  });

  it("a seed repeats its run exactly", async () => {
    const a = await runFuzz({ seed: 9, count: 3_000 }), b = await runFuzz({ seed: 9, count: 3_000 });
    expect(a.stats).toEqual(b.stats);
    expect(a.lines).toEqual(b.lines);
    const c = await runFuzz({ seed: 10, count: 3_000 });
    expect(c.stats).not.toEqual(a.stats);
  });
});

describe("the module fuzzer", () => {
  it("seed 1: 16 module shapes beside a ticking neighbour, each refused naming what is wrong or run as a component", async () => {
    const progress: string[] = [];
    const v = await runModuleFuzz({ seed: 1, count: 16, report: 8, onProgress: (l) => progress.push(l) });
    expect(v.failures).toEqual([]);
    expect(v.refused + v.ran + v.faulted).toBe(16);
    expect(v.refused).toBeGreaterThan(0);
    expect(v.ran + v.faulted).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(`modules: 16 of 16: ${v.refused} refused at load, ${v.ran} ran, ${v.faulted} faulted; the ticker at tick ${v.ticks}`);
  });

  it("a seed repeats its shapes and its run exactly", async () => {
    const shapes = (seed: number) => { const rnd = random(seed); return Array.from({ length: 40 }, () => nextShape(rnd)); };
    expect(shapes(5)).toEqual(shapes(5));
    expect(shapes(5).map((s) => s.what)).not.toEqual(shapes(6).map((s) => s.what));
    const a = await runModuleFuzz({ seed: 7, count: 8 }), b = await runModuleFuzz({ seed: 7, count: 8 });
    expect(a.lines).toEqual(b.lines);
  });

  it("shapes cover what the fuzzer is for: odd memories, tables, starts, locals, nesting, bulk ops, imports, host names, counts, invalid bytes", () => {
    const rnd = random(1);
    const kinds = new Set(Array.from({ length: 400 }, () => nextShape(rnd).what.split(/[:,]| \d| of /)[0]));
    for (const k of ["memory", "tables", "start section", "imports \"wasmode\".\"nope\"", "exports __wasmode_fuel as a func", "random bytes"]) expect(kinds, [...kinds].join("; ")).toContain(k);
  });
});

describe("the session flood", () => {
  it("seed 1: flooders with and without donations; healthy clients are served, core's capabilities do not drift", async () => {
    const progress: string[] = [];
    const v = await runFlood({ seed: 1, count: 2, rounds: 8, burst: 48, onProgress: (l) => progress.push(l) });
    expect(v.failures).toEqual([]);
    expect(v.healthy).toBe(6);
    expect(v.opened).toBeGreaterThan(100);
    expect(progress).toHaveLength(2);
    expect(progress[1]).toMatch(/^floods: cycle 2 of 2, \d flooders donating .*; healthy clients served 6 of 6; core holds (\d+) capabilities \(\1 at boot\)$/);
  });
});

/** A kernel with core booted, dressed as the System the invariants read. */
async function bareSystem() {
  const k = await boot(1 << 20, 100);
  return { k, sys: { k: k.k, kernel: k.kernel, servers: [] } as unknown as System };
}

describe("the fuzz invariants catch what they are for", () => {
  it("quotas that do not sum to what core booted with", async () => {
    const { k, sys } = await bareSystem();
    k.child(0, 4096, 10);
    expect(quotaBalance(accounts(sys), { ram: 1 << 20, caps: 100 })).toEqual([]);
    expect(quotaBalance(accounts(sys), { ram: (1 << 20) + 1, caps: 100 })[0]).toMatch(/^RAM quotas sum to 1048576/);
  });

  it("an object with two owners, or a capability nobody owns", async () => {
    const { k, sys } = await bareSystem();
    const child = k.child(0, 4096, 10);
    const ep = k.endpoint(child.pd, 1);
    expect(k.k.k_cap_grant(child.pd, ep, 0, 0, Rights.Call)).toBeGreaterThan(0);
    expect(ownership(sys, accounts(sys)).failures).toEqual([]);
    // Forge Own in core's copy through the kernel's memory: the check must see two owners.
    const slots = slotsOf(sys, 0, []);
    const copy = slots.find((s) => s.obj === k.k.k_cap_info(child.pd, ep))!;
    const regs = k.kernel.regs();
    expect(k.k.k_cap_info(0, copy.slot)).toBeGreaterThan(0);
    expect(regs[KReg.Out1]).toBe(Rights.Call);
    const mem = new Uint32Array(k.k.memory.buffer);
    const at = mem.findIndex((w, i) => w === copy.obj && mem[i + 2] === Rights.Call && i > 0);
    mem[at + 2] = Rights.All;
    expect(ownership(sys, accounts(sys)).failures.join("\n")).toMatch(/has two owner capabilities/);
  });

  it("a slot the fuzzer holds but was never handed, more rights than handed, a slot that vanished", () => {
    const ledger = new Int32Array(16);
    const HELD = 1 << 8;
    ledger[2] = HELD | Rights.Call; // handed with Call only
    ledger[3] = HELD | Rights.All; // handed, but the kernel has nothing there
    const failures = ledgerMatch("fuzz", [
      { pd: 5, slot: 2, obj: 7, type: 1, rights: Rights.Call | Rights.Transfer },
      { pd: 5, slot: 4, obj: 8, type: 2, rights: Rights.Signal },
    ], ledger, () => Err.BadCap);
    expect(failures).toEqual([
      "fuzz slot 2 carries rights 5, more than the 1 it was handed",
      "fuzz holds slot 4 (object 8, rights 2), which it was never handed",
      `fuzz's slot 3 was handed to it but is empty now (k_cap_info ${Err.BadCap})`,
    ]);
  });
});
