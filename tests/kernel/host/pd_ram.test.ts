// Core's PD service charges RAM outside a component's memory to its quota (Genode's RAM dataspaces): checked, and given back.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { initConfig, runSystem, testComponent } from "../../support/system.ts";

describe("RAM held through the PD session (AllocRam, FreeRam)", () => {
  it("counts as used until freed; beyond the quota, malformed or foreign requests change nothing", async () => {
    const run = await runSystem(initConfig(`<start name="probe"/>`), { probe: await testComponent("tests/kernel/host/assembly/ram_probe.ts") });
    const lines = run.lines.filter((l) => l.startsWith("[init -> probe] ")).map((l) => l.slice("[init -> probe] ".length));
    const alloc = /^alloc ok used (\d+) -> (\d+)$/.exec(lines[0] ?? "");
    expect(alloc, run.lines.join("\n")).not.toBeNull();
    const [base, charged] = [Number(alloc![1]), Number(alloc![2])];
    expect(charged - base).toBe(100 * 1024);
    expect(lines.slice(1)).toEqual([
      `too much ${Err.Quota} used ${charged}`,
      `free unknown ${Err.Invalid}`,
      `malformed ${Err.BadMsg}`,
      `free ${Err.Ok} used ${base}`,
      `free again ${Err.Invalid}`,
    ]);
    expect(run.sys.faults).toEqual([]);
  });
});
