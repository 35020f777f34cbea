// Every session is paid for: a flood of unpaid or underpaid session requests gets Quota at core and at the SDK's servers, and denies no neighbour its service.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { CORE_PD } from "../../../kernel/host/core/session.ts";
import { initConfig, startSystem, testComponent, waitFor, type Run } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const TICKER = `<start name="ticker"/>`;
const flooder = (flood: string) => `<start name="flooder" caps="100" ram="2M"> <binary name="session_flood"/> <config> ${flood} </config> </start>`;
const late = (service: string) => `<start name="late" caps="100" ram="1M"> <binary name="late_client"/> <config> <late service="${service}"/> </config> </start>`;

async function components() {
  return {
    ticker: await testComponent("bench/components/ticker/main.ts"),
    session_flood: await testComponent("tests/kernel/host/assembly/session_flood.ts"),
    late_client: await testComponent("tests/kernel/host/assembly/late_client.ts"),
    kept_signals: await testComponent("tests/kernel/host/assembly/kept_signals.ts"),
  };
}

/** Capabilities core has free: its quota less what it uses. A session paid by its client leaves it as it was. */
const coreFree = (run: Run) => run.sys.k.k_cap_quota(CORE_PD) - run.sys.k.k_cap_used(CORE_PD);
const ticks = (lines: string[]) => lines.filter((l) => l.startsWith("[init -> ticker] tick ")).length;
const flooderSaid = (run: Run, what: string) => run.lines.find((l) => l.startsWith(`[init -> flooder] ${what}:`));
/** Ticks of the neighbour while the flood went on (it floods 100 requests every 2 ms). */
const ticksDuringFlood = (lines: string[]) => ticks(lines.slice(lines.indexOf("[init -> flooder] flood begins"), lines.indexOf("[init -> flooder] flood done")));

describe("sessions at core are paid by their clients", () => {
  it("a flood of 2,000 unpaid and underpaid LOG requests gets Quota, core's capabilities stay as they were, the neighbour's alarm keeps firing", async () => {
    const run = await startSystem(initConfig(`${TIMER} ${TICKER} ${flooder(`<flood service="LOG" ram="4096" caps="1"/>`)}`), await components());
    // The flood starts 50 ms in: before it, the system has settled (the ticker ticks).
    await waitFor(run, (lines) => ticks(lines) >= 2);
    const free = coreFree(run);
    await waitFor(run, (lines) => lines.includes("[init -> flooder] flood done"), 1000);
    expect(flooderSaid(run, "unpaid"), run.lines.slice(-20).join("\n")).toBe(`[init -> flooder] unpaid: ok 0, quota 2000, denied 0, other 0`);
    expect(flooderSaid(run, "no caps")).toBe(`[init -> flooder] no caps: ok 0, quota 2000, denied 0, other 0`);
    expect(flooderSaid(run, "no ram")).toBe(`[init -> flooder] no ram: ok 0, quota 2000, denied 0, other 0`);
    // Paid ones are granted until the flooder's own quota runs out: it paid for every one of them.
    const paid = /^\[init -> flooder\] paid: (\d+) held, then error (-?\d+)$/.exec(flooderSaid(run, "paid") ?? "");
    expect(paid, run.lines.join("\n")).not.toBeNull();
    expect(Number(paid![1])).toBeGreaterThan(10);
    expect(Number(paid![2])).toBe(Err.Quota);
    // Core paid for none of it: what it has free is what it had before the flood.
    expect(coreFree(run)).toBe(free);
    // The neighbour's alarm kept firing during the flood, and after it: the timer still gets its signal into core.
    expect(ticksDuringFlood(run.lines)).toBeGreaterThanOrEqual(8);
    const before = ticks(run.lines);
    await run.clock.advance(200);
    expect(ticks(run.lines) - before).toBeGreaterThanOrEqual(15);
    expect(run.sys.faults).toEqual([]);
  }, 120_000);
});

describe("sessions at the SDK's servers are paid by their clients", () => {
  const servers: { service: string; start: string; quota: string; served: string }[] = [
    { service: "Hello", start: `<start name="hello_server"> <provides> <service name="Hello"/> </provides> </start>`,
      quota: `ram="4096" caps="2"`, served: "[init -> late] Hello: 2 + 3 = 5" },
    { service: "File_system", start: `<start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
        <config> <default-policy root="/" writeable="yes"/> </config> </start>`,
      quota: `ram="8192" caps="2"`, served: "[init -> late] File_system: wrote 6, read back served" },
    { service: "Timer", start: "", quota: `ram="4096" caps="3"`, served: "[init -> late] Timer: alarm fired" },
  ];
  for (const s of servers) {
    it(`${s.service}: unpaid and underpaid requests get Quota; afterwards a well-behaved client still gets its session and service`, async () => {
      const run = await startSystem(initConfig(`${TIMER} ${TICKER} ${s.start} ${flooder(`<flood service="${s.service}" ${s.quota}/>`)} ${late(s.service)}`), await components());
      await waitFor(run, (lines) => lines.includes("[init -> flooder] flood done"), 1000);
      for (const batch of ["unpaid", "no caps", "no ram", "short of caps"]) {
        expect(flooderSaid(run, batch), run.lines.slice(-30).join("\n")).toBe(`[init -> flooder] ${batch}: ok 0, quota 2000, denied 0, other 0`);
      }
      const paid = /^\[init -> flooder\] paid: (\d+) held, then error (-?\d+)$/.exec(flooderSaid(run, "paid") ?? "");
      expect(paid, run.lines.join("\n")).not.toBeNull();
      expect(Number(paid![1])).toBeGreaterThan(10);
      await waitFor(run, (lines) => lines.includes(s.served), 1000);
      // The neighbour ticked on all along.
      expect(ticksDuringFlood(run.lines)).toBeGreaterThanOrEqual(8);
      const before = ticks(run.lines);
      await run.clock.advance(100);
      expect(ticks(run.lines) - before).toBeGreaterThanOrEqual(8);
      expect(run.sys.faults).toEqual([]);
    }, 120_000);
  }
});

describe("signals a server keeps for a session", () => {
  it("are paid from the session's donation: past it the request gets Quota, and after an upgrade it is served", async () => {
    const fs = `<start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides> <config> <default-policy root="/" writeable="yes"/> </config> </start>`;
    const run = await startSystem(initConfig(`${fs} <start name="kept_signals"/>`), await components());
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> kept_signals] File_system:")), 1000);
    expect(run.lines, run.lines.join("\n")).toContain("[init -> kept_signals] ROM: quota, upgrade ok, then ok");
    expect(run.lines).toContain("[init -> kept_signals] File_system: quota, upgrade ok, then ok, then quota");
    expect(run.sys.faults).toEqual([]);
  }, 60_000);
});
