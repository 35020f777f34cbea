// The event loop: signals are delivered after the current activation returns; the clock device's alarm.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { initConfig, runSystem, testComponent } from "../../support/system.ts";

describe("signals and the clock device", () => {
  it("delivers signals after the activation that submitted them, counted; the alarm fires later; the run waits for it", async () => {
    const run = await runSystem(initConfig(`<start name="alarm"/>`), { alarm: await testComponent("tests/kernel/host/assembly/alarm.ts") });
    expect(run.lines).toEqual([
      "[init -> alarm] submitted twice",
      "[init -> alarm] alarm armed: 0",
      `[core] init -> alarm -> : "Clock" session denied: the clock device is in use`,
      `[init] alarm: "Clock" session denied (error ${Err.Denied})`,
      `[init -> alarm] second clock session: ${Err.Denied}`,
      "[init -> alarm] self signal delivered, count 2",
      "[init -> alarm] alarm after at least 20 ms",
    ]);
  });
});
