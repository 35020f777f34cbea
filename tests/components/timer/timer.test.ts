// The timer component: many Timer sessions over core's one Clock alarm.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem } from "../../support/system.ts";

const timer = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const sleeper = (name: string, ms: number) =>
  `<start name="${name}"> <binary name="dummy"/> <config> <log string="sleep"/> <sleep ms="${ms}"/> <log string="woke"/> </config> </start>`;

describe("timer", () => {
  it("serves several clients at once, each woken at its own time", async () => {
    const t0 = performance.now();
    const run = await runSystem(initConfig(timer + sleeper("slow", 150) + sleeper("fast", 30)));
    const woke = run.lines.filter((l) => l.endsWith("] woke"));
    expect(woke, run.lines.join("\n")).toEqual(["[init -> fast] woke", "[init -> slow] woke"]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it("is the one client of core's Clock: a second Clock client is refused while Timer clients are served", async () => {
    const run = await runSystem(initConfig(timer + `<start name="timer2"> <binary name="timer"/> </start>` + sleeper("app", 20)));
    expect(run.lines).toContain("[init -> app] woke");
    expect(run.lines.some((l) => l.includes("timer2") && l.includes("no Timer service"))).toBe(true);
  });
});
