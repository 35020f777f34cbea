// wat_hello, the image's component written in WAT: it loads under core's checks and fuel metering like any, and logs its line.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem } from "../../support/system.ts";

describe("wat_hello", () => {
  it("writes its one line to its LOG session", async () => {
    const run = await runSystem(initConfig(`<start name="wat_hello"/>`));
    expect(run.lines).toContain("[init -> wat_hello] Hello from WAT");
    expect(run.sys.faults).toEqual([]);
  });

  it("runs on fuel like any component: a budget too small for its start stops it as a fault", async () => {
    const run = await runSystem(initConfig(`<start name="wat_hello" fuel="20"/>`));
    expect(run.lines).not.toContain("[init -> wat_hello] Hello from WAT");
    expect(run.lines.some((l) => /init -> wat_hello: fault: out of fuel/.test(l)), run.lines.join("\n")).toBe(true);
  });
});
