// CPU time follows the call: a server's work for a call comes off its caller's budget, so no client multiplies its budget through a server.
import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET } from "../../../kernel/host/fuel/meter.ts";
import { initConfig, startSystem, testComponent, waitFor } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const PROBE = `<start name="probe"> <provides> <service name="Probe"/> </provides> </start>`;
const ticks = (lines: string[]) => lines.filter((l) => l.startsWith("[init -> ticker] tick ")).length;

describe("CPU time follows the call", () => {
  it("a client whose calls make a server loop runs out of its own budget, the server serves on, the neighbour ticks", async () => {
    const run = await startSystem(initConfig(`${TIMER} ${PROBE} <start name="ticker"/> <start name="burner"/> <start name="echo"/>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
      probe: await testComponent("tests/kernel/host/assembly/probe_server.ts"),
      burner: await testComponent("tests/kernel/host/assembly/burn_client.ts"),
      echo: await testComponent("tests/kernel/host/assembly/echo_client.ts"),
    });
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> echo] echo")) && ticks(lines) >= 10);
    const log = run.lines.join("\n");
    // Each call costs the burner the server's million iterations: its budget buys a few dozen calls,
    // where a fresh budget per call would let it call forever, and the system would never get back.
    const calls = Math.max(0, ...run.lines.filter((l) => l.startsWith("[init -> burner] calls ")).map((l) => Number(l.split(" ").at(-1))));
    expect(calls, log).toBeGreaterThanOrEqual(10);
    expect(calls, log).toBeLessThanOrEqual(Math.ceil(DEFAULT_BUDGET / 1_000_000));
    expect(run.sys.faults.map((f) => [f.label, f.reason]), log).toEqual([
      ["init -> burner", `out of fuel: its budget of ${DEFAULT_BUDGET} units per activation ran out with the work init -> probe did for its call`],
    ]);
    // The server was not harmed: a later client gets its echo.
    expect(run.lines, log).toContain("[init -> echo] echo 4");
  });
});
