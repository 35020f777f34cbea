// Capabilities a client attaches to its calls do not pile up in its servers (found by the syscall fuzzer).
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import type { System } from "../../../kernel/host/system.ts";
import { initConfig, runSystem, testComponent } from "../../support/system.ts";

/** Slots of `pd` for which k_cap_info answers `answer` (an object, or Err.Stale). */
function holding(sys: System, pd: number, answer: number): number {
  let n = 0;
  for (let slot = 1, found = 0; found < sys.k.k_cap_used(pd); slot++) {
    const r = sys.k.k_cap_info(pd, slot);
    if (r === Err.BadCap) continue;
    found++;
    if (r === answer) n++;
  }
  return n;
}

describe("capabilities attached to calls", () => {
  it("core, init and the SDK keep only what they use, and let go of it when the client goes", async () => {
    const spammer = await testComponent("tests/kernel/host/assembly/cap_spammer.ts");
    const withSpammer = initConfig(`<start name="spammer"> <provides> <service name="Spam"/> </provides> </start>`);
    const run = await runSystem(initConfig(""), { spammer });

    run.core.updateRom("config", new TextEncoder().encode(withSpammer));
    await run.sys.idle();
    const line = run.lines.find((l) => l.startsWith("[init -> spammer] slots "));
    expect(line, run.lines.join("\n")).toBeDefined();
    const [, signalSlot, endpointSlot, unexpected] = /slots (\d+) (\d+) unexpected (\d+)$/.exec(line!)!.map(Number);
    expect(unexpected, run.lines.join("\n")).toBe(0);
    const pd = run.sys.servers.find((s) => s?.label === "init -> spammer")!.pd;
    const signal = run.sys.k.k_cap_info(pd, signalSlot!), endpoint = run.sys.k.k_cap_info(pd, endpointSlot!);
    expect(signal).toBeGreaterThan(0);
    expect(endpoint).toBeGreaterThan(0);
    // Core kept none of the 40 it was sent with LOG writes.
    expect(holding(run.sys, 0, signal)).toBe(0);
    expect(holding(run.sys, 0, endpoint)).toBe(0);
    // Init keeps the session signal once and the endpoint of the last announcement only.
    expect(holding(run.sys, 1, signal)).toBe(1);
    expect(holding(run.sys, 1, endpoint)).toBe(1);

    // Removed, the spammer leaves nothing behind in core or init: no capability to its objects, stale now.
    run.core.updateRom("config", new TextEncoder().encode(initConfig("")));
    await run.sys.idle();
    expect(run.sys.servers.some((s) => s?.label === "init -> spammer")).toBe(false);
    expect([holding(run.sys, 0, Err.Stale), holding(run.sys, 1, Err.Stale)]).toEqual([0, 0]);
  });
});
