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

  it("a chain of servers with large budgets stops at the first caller's budget: the next server is not entered, the server that called gets Err.Fuel", async () => {
    const relay = (name: string, next: string | null) => `<start name="${name}" fuel="100000000"> <provides> <service name="Relay"/> </provides>
      <route> <service name="Relay"> ${next ? `<child name="${next}"/>` : "<parent/>"} </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`;
    const run = await startSystem(initConfig(`${TIMER} <start name="ticker"/> ${relay("r3", null)} ${relay("r2", "r3")} ${relay("r1", "r2")}
      <start name="client"> <route> <service name="Relay"> <child name="r1"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
      r1: await testComponent("tests/kernel/host/assembly/relay.ts"),
      r2: await testComponent("tests/kernel/host/assembly/relay.ts"),
      r3: await testComponent("tests/kernel/host/assembly/relay.ts"),
      client: await testComponent("tests/kernel/host/assembly/relay_client.ts"),
    });
    await waitFor(run, (lines) => run.sys.faults.length > 0 && ticks(lines) >= 5);
    const log = run.lines.join("\n");
    // r1 and r2 burn 20 million iterations each, more than the client's 2^25 units together: r2's
    // call to r3 (and its log, and r1's) finds the chain spent and gets Err.Fuel; r3 is never entered.
    expect(run.lines.filter((l) => l.includes("burning")), log).toEqual(["[init -> r1] burning 20000000", "[init -> r2] burning 20000000"]);
    // The client pays for both: it faults; the relays, on their own large budgets, do not.
    expect(run.sys.faults.map((f) => [f.label, f.reason]), log).toEqual([
      ["init -> client", `out of fuel: its budget of ${DEFAULT_BUDGET} units per activation ran out with the work init -> r1 did for its call`],
    ]);
  });
});
