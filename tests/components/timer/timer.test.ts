// The timer component: many Timer sessions over core's one Clock alarm.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem, startSystem, testComponent } from "../../support/system.ts";

const timer = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const sleeper = (name: string, ms: number) =>
  `<start name="${name}"> <binary name="dummy"/> <config> <log string="sleep"/> <sleep ms="${ms}"/> <log string="woke"/> </config> </start>`;

describe("timer", () => {
  it("serves several clients at once, each woken at its own time", async () => {
    const run = await startSystem(initConfig(timer + sleeper("slow", 150) + sleeper("fast", 30)));
    const woke = () => run.lines.filter((l) => l.endsWith("] woke"));
    await run.clock.advance(29);
    expect(woke(), run.lines.join("\n")).toEqual([]);
    await run.clock.advance(1);
    expect(woke(), run.lines.join("\n")).toEqual(["[init -> fast] woke"]);
    await run.clock.advance(119);
    expect(woke(), run.lines.join("\n")).toEqual(["[init -> fast] woke"]);
    await run.clock.advance(1);
    expect(woke(), run.lines.join("\n")).toEqual(["[init -> fast] woke", "[init -> slow] woke"]);
  });

  it("is the one client of core's Clock: a second Clock client is refused while Timer clients are served", async () => {
    const run = await runSystem(initConfig(timer + `<start name="timer2"> <binary name="timer"/> </start>` + sleeper("app", 20)));
    expect(run.lines).toContain("[init -> app] woke");
    expect(run.lines.some((l) => l.includes("timer2") && l.includes("no Timer service"))).toBe(true);
  });
});

describe("timer, given bad requests", () => {
  it("answers each with an error code, keeps serving, and a good timeout still fires", async () => {
    const client = await testComponent("tests/components/timer/assembly/timer_client.ts");
    const run = await runSystem(initConfig(timer + `<start name="client"> <binary name="timer_client"/> </start>`), { timer_client: client });
    const line = run.lines.find((l) => l.startsWith("[init -> client] ") && l.includes("="));
    expect(line?.slice("[init -> client] ".length).split(" "), run.lines.join("\n")).toEqual([
      "once-empty=BadMsg", "periodic-empty=BadMsg", "sigh-nocap=BadMsg", "sigh-twocaps=BadMsg", "opcode=BadOpcode",
      "periodic-zero=Ok", "once-max=Ok", "cancel=Ok", "sigh=Ok", "once=Ok",
    ]);
    expect(run.lines).toContain("[init -> client] fired");
    expect(run.lines).toContain(`[init] child "client" exited with exit value 0`);
    expect(run.sys.faults).toEqual([]);
  });
});
