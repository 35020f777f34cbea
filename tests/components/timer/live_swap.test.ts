// timer's live-state hooks: a client's periodic timeout keeps ticking across a live swap of the timer.
import { describe, expect, it } from "vitest";
import { countsAgree, helloSystem, imageModule, instanceOf, swap } from "../../kernel/host/live_swap_system.ts";

describe("timer across a live swap", () => {
  it("keeps its sessions and their timeouts: the client's ticks go on", async () => {
    const run = await helloSystem();
    await run.clock.advance(5);
    const progress = () => run.lines.filter((l) => l.startsWith("[init -> swap_caller] calls "));
    const before = instanceOf(run, "init -> timer");
    const outcome = await swap(run, "init -> timer", await imageModule("timer.wasm"));
    expect(outcome.kind, "reason" in outcome ? outcome.reason : "").toBe("restored");
    expect(instanceOf(run, "init -> timer")).not.toBe(before);
    const seen = progress().length;
    // 200 calls a tick, a progress line every 1000 calls: 20 ms of ticks give 4 more.
    await run.clock.advance(20);
    expect(progress().length).toBeGreaterThanOrEqual(seen + 3);
    expect(progress().every(countsAgree)).toBe(true);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);
});
