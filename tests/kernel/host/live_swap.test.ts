// Live swap (kernel/host/live_swap.ts): a running server's instance replaced in its PD, its sessions and state carried by the SDK's hooks.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { reinstate, swapInstance, type SwapOutcome } from "../../../kernel/host/live_swap.ts";
import { testComponent, wat, type Run } from "../../support/system.ts";
import { caller, changedBuild, checked, countsAgree, helloSystem, imageModule, instanceOf, pdOf, swap } from "./live_swap_system.ts";

const SERVER = "init -> hello_server", CLIENT = "init -> swap_caller";

const hiBuild = async () => checked("hello_server.wasm",
  await changedBuild("hello_server", "components/hello_server/main.ts", (t) => t.replace(`"Hello, "`, `"Hi, "`)));

function reasonOf(o: SwapOutcome): string { return "reason" in o ? o.reason : ""; }

/** The client's progress lines: every 1000 calls, its count of calls and failures, and whether the server's count agrees. */
function progress(run: Run): string[] { return run.lines.filter((l) => l.startsWith(`[${CLIENT}] calls `)); }

/** Runs until the client reported `n` more progress lines, each with no failure and the server's count in agreement. */
async function keepsServing(run: Run, n = 2): Promise<void> {
  const from = progress(run).length;
  for (let i = 0; i < 100 && progress(run).length < from + n; i++) await run.clock.advance(1);
  const lines = progress(run);
  expect(lines.length, run.lines.slice(-8).join("\n")).toBeGreaterThanOrEqual(from + n);
  expect(lines.filter((l) => !countsAgree(l)), lines.join("\n")).toEqual([]);
  expect(run.lines.filter((l) => l.includes("failed:"))).toEqual([]);
}

/** What the kernel holds of `pd`: its quotas and capabilities in use. */
function kernelState(run: Run, pd: number): number[] {
  const k = run.sys.k;
  return [k.k_ram_quota(pd), k.k_cap_quota(pd), k.k_cap_used(pd), k.k_pd_alive(pd)];
}

async function started(): Promise<Run> {
  const run = await helloSystem();
  await run.clock.advance(5);
  expect(run.lines).toContain(`[${CLIENT}] holding 100 sessions`);
  return run;
}

describe("live swap of hello_server", () => {
  it("keeps its sessions and its count, and the new code answers", async () => {
    const run = await started();
    const before = instanceOf(run, SERVER), pd = pdOf(run, SERVER), kernel = kernelState(run, pd);
    const outcome = await swap(run, SERVER, await hiBuild());
    expect(outcome.kind, reasonOf(outcome)).toBe("restored");
    if (outcome.kind !== "restored") return;
    expect(outcome.old).toBe(before);
    expect(outcome.stateBytes).toBeGreaterThan(100 * 12);
    expect(run.sys.servers[pd]).toBe(outcome.now);
    expect(kernelState(run, pd)).toEqual(kernel);
    await keepsServing(run);
    expect(run.lines.some((l) => l.startsWith(`[${SERVER}] Hi, swap_caller -> !`)), run.lines.slice(-10).join("\n")).toBe(true);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);

  it("reinstate puts the old instance back: the old code answers the same sessions", async () => {
    const run = await started();
    const outcome = await swap(run, SERVER, await hiBuild());
    if (outcome.kind !== "restored") throw new Error(reasonOf(outcome));
    await keepsServing(run, 1);
    const mark = run.lines.length;
    run.sys.queue(() => reinstate(run.sys, outcome.old));
    await run.clock.advance(1);
    expect(instanceOf(run, SERVER)).toBe(outcome.old);
    for (let i = 0; i < 20; i++) await run.clock.advance(1);
    const after = run.lines.slice(mark);
    expect(after.some((l) => l === `[${SERVER}] Hello, swap_caller -> !`), after.join("\n")).toBe(true);
    expect(after.some((l) => l.startsWith(`[${SERVER}] Hi, `))).toBe(false);
    // Its count is the one it had at the swap: the calls the new instance answered are not in it.
    expect(run.lines.filter((l) => l.includes("failed:"))).toEqual([]);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);

  it("100 swaps while the client calls through 100 sessions: no call lost or failed", async () => {
    const run = await started();
    const modules = [await hiBuild(), await imageModule("hello_server.wasm")];
    const kinds: string[] = [];
    for (let i = 0; i < 100; i++) kinds.push((await swap(run, SERVER, modules[i % 2]!)).kind);
    expect(kinds.filter((k) => k !== "restored")).toEqual([]);
    await keepsServing(run);
    expect(progress(run).length).toBeGreaterThan(10);
    expect(run.sys.faults).toEqual([]);
  }, 120_000);
});

describe("live swap refused: nothing changes, the old instance keeps serving", () => {
  const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
    ["a restore that traps", () => testComponent("tests/kernel/host/assembly/swap_restore_traps.ts"),
      /^init -> hello_server: the new instance failed in its restore: unreachable/],
    ["a restore that never ends", () => testComponent("tests/kernel/host/assembly/swap_restore_loops.ts"),
      /^init -> hello_server: the new instance failed in its restore: out of fuel: spent all \d+ units of its budget; the old one keeps running$/],
    ["a new version that does not know the snapshot's", () => testComponent("tests/kernel/host/assembly/swap_refuses_version.ts"),
      /^init -> hello_server: the new instance does not know the snapshot's version 1 \(its load refused it\); the old one keeps running$/],
    ["a module without hooks that announces its service at once", () => testComponent("tests/kernel/host/assembly/swap_no_hooks.ts"),
      /^init -> hello_server: the new instance did not take the state \(its main never called liveState\); the old one keeps running$/],
    ["a module that fails to instantiate", () => wat(`(module (import "env" "memory" (memory 1)) (data (i32.const 70000) "x")
      (global (export "__ipc_buffer") i32 (i32.const 0)))`), /^init -> hello_server: the new instance failed to instantiate: .*data segment/],
  ];
  for (const [what, bytes, reason] of cases) {
    it(what, async () => {
      const run = await started();
      const before = instanceOf(run, SERVER), pd = pdOf(run, SERVER), kernel = kernelState(run, pd);
      const objects = run.sys.k.k_objects();
      const outcome = await swap(run, SERVER, checked("new.wasm", await bytes()));
      expect(outcome.kind).toBe("refused");
      expect(reasonOf(outcome)).toMatch(reason);
      expect(instanceOf(run, SERVER)).toBe(before);
      // Sealed: the new instance made no endpoint, no session, no announcement.
      expect(kernelState(run, pd)).toEqual(kernel);
      expect(run.sys.k.k_objects()).toBe(objects);
      await keepsServing(run);
      expect(run.sys.faults).toEqual([]);
    }, 60_000);
  }

  it("a component that declared no hooks: no-state, nothing changed", async () => {
    const run = await started();
    const client = instanceOf(run, CLIENT);
    const outcome = await swap(run, CLIENT, checked("swap_caller.wasm", await caller()));
    expect(outcome).toEqual({ kind: "no-state", reason: "init -> swap_caller has no snapshot: it declares no state hooks (liveState)" });
    expect(instanceOf(run, CLIENT)).toBe(client);
    await keepsServing(run);
  }, 60_000);

  it("core, a PD without a component, and a swap of a component on the call chain are refused with a reason", async () => {
    const run = await started();
    const module = await imageModule("hello_server.wasm");
    expect(swapInstance(run.sys, 0, module)).toEqual({ kind: "refused", reason: expect.stringMatching(/is served by the host, not a component of its own: it cannot be swapped$/) });
    expect(swapInstance(run.sys, 999, module)).toEqual({ kind: "refused", reason: "PD 999 runs no component" });
    let inside: SwapOutcome | null = null;
    const server = instanceOf(run, SERVER), client = instanceOf(run, CLIENT);
    // The client swapping itself from its own activation: it runs, so it is not swapped.
    run.sys.queue(() => run.sys.activate(client, () => { inside = swapInstance(run.sys, client.pd, module); }));
    await run.clock.advance(1);
    expect(inside).toEqual({ kind: "refused", reason: expect.stringMatching(/: not between activations \(it is on the call chain\)/) });
    expect(instanceOf(run, CLIENT)).toBe(client);
    // The server, from the client's activation: it is between its own activations, so it is swapped.
    run.sys.queue(() => run.sys.activate(client, () => { inside = swapInstance(run.sys, server.pd, module); }));
    await run.clock.advance(1);
    // by identity: a deep walk of the old instance would read views of a memory that grew since
    expect(inside).toHaveProperty("kind", "restored");
    expect((inside as unknown as { old: unknown }).old).toBe(server);
    expect(instanceOf(run, SERVER)).not.toBe(server);
    await keepsServing(run, 1);
  }, 60_000);
});

describe("a restore runs sealed", () => {
  it("every syscall the new instance makes while it takes over fails with Err.Denied; afterwards they work", async () => {
    const run = await started();
    const pd = pdOf(run, SERVER), kernel = kernelState(run, pd), objects = run.sys.k.k_objects();
    const outcome = await swap(run, SERVER, checked("probe.wasm", await testComponent("tests/kernel/host/assembly/swap_sealed_probe.ts")));
    expect(outcome.kind, reasonOf(outcome)).toBe("restored");
    expect(kernelState(run, pd)).toEqual(kernel);
    expect(run.sys.k.k_objects()).toBe(objects);
    await run.clock.advance(2);
    const d = Err.Denied;
    expect(run.lines).toContain(`[${SERVER}] sealed: call ${d}, endpoint ${d}, signal_create ${d}, derive ${d}, signal ${d}, drop ${d}, exit returned`);
    expect(run.lines.filter((l) => l.includes("failed:"))).toEqual([]);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);
});
