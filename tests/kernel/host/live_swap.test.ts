// Live swap (kernel/host/live_swap.ts): a running server's instance replaced in its PD, its sessions and state carried by the SDK's hooks.
import { describe, expect, it } from "vitest";
import { reinstate } from "../../../kernel/host/live_swap.ts";
import { changedBuild, checked, helloSystem, imageModule, instanceOf, pdOf, swap } from "./live_swap_system.ts";

const SERVER = "init -> hello_server", CLIENT = "init -> swap_caller";

describe("live swap of hello_server", () => {
  it("keeps its sessions and its count, and the new code answers", async () => {
    const run = await helloSystem();
    await run.clock.advance(5);
    expect(run.lines).toContain(`[${CLIENT}] holding 100 sessions`);
    const before = instanceOf(run, SERVER);
    const pd = pdOf(run, SERVER);
    const quota = [run.sys.k.k_ram_quota(pd), run.sys.k.k_cap_quota(pd), run.sys.k.k_cap_used(pd)];
    const hi = checked("hello_server.wasm", await changedBuild("hello_server", "components/hello_server/main.ts", (t) => t.replace(`"Hello, "`, `"Hi, "`)));
    const outcome = await swap(run, SERVER, hi);
    expect(outcome.kind, "reason" in outcome ? outcome.reason : "").toBe("restored");
    if (outcome.kind !== "restored") return;
    expect(outcome.old).toBe(before);
    expect(run.sys.servers[pd]).toBe(outcome.now);
    expect([run.sys.k.k_ram_quota(pd), run.sys.k.k_cap_quota(pd), run.sys.k.k_cap_used(pd)]).toEqual(quota);
    for (let i = 0; i < 40 && !run.lines.some((l) => l.startsWith(`[${SERVER}] Hi, `)); i++) await run.clock.advance(1);
    expect(run.lines.some((l) => l.startsWith(`[${SERVER}] Hi, `)), run.lines.slice(-10).join("\n")).toBe(true);
    const progress = run.lines.filter((l) => l.startsWith(`[${CLIENT}] calls `));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((l) => l.endsWith(" failed 0 count ok")), progress.join("\n")).toBe(true);
    expect(run.lines.filter((l) => l.includes("failed:"))).toEqual([]);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);
});
