// Heartbeat monitoring (SEMANTICS.md §8): skipped heartbeats in the state report, restarts after too many (on held virtual time).
import { describe, expect, it } from "vitest";
import { startSystem, waitFor, type Run } from "../../support/system.ts";
import { reportedRoms, reportedSystem as system, reports } from "./reported_system.ts";

const dummy = (name: string, heartbeat: string, config: string) =>
  `<start name="${name}"> <binary name="dummy"/> ${heartbeat} <config ${config}</config> </start>`;

const last = (run: Run) => reports(run.lines).at(-1) ?? "";
/** The <child> element of `name` in a report ("" when absent). */
const child = (report: string, name: string) => new RegExp(`<child name="${name}"[^>]*>`).exec(report)?.[0] ?? "";

async function boot(body: string): Promise<Run> {
  return startSystem(system(body), await reportedRoms());
}

/** Applies a config without <heartbeat>: the timer stops, and the system (its time let go) can go idle. */
async function stop(run: Run): Promise<void> {
  run.core.updateRom("config", new TextEncoder().encode(system(`<report/>`)));
  run.clock.auto = true;
  await run.sys.idle();
}

describe("heartbeat monitoring", () => {
  it("a child that handles signals answers; a blocked one skips heartbeats; one without <heartbeat/> is not watched", async () => {
    const responsive = dummy("flaky", "<heartbeat/>", `version="1"> <log string="started"/>`);
    const unwatched = dummy("unwatched", "", `> <log string="started"/> <sleep_forever/>`);
    const run = await boot(`<report/> <heartbeat rate_ms="100"/> ${responsive} ${unwatched}`);
    await waitFor(run, (l) => l.includes("[init -> init -> flaky] started") && l.includes("[init -> init -> unwatched] started"));
    // Several periods later: no report ever showed skipped heartbeats.
    await run.clock.advance(400);
    expect(reports(run.lines).length).toBeGreaterThan(0);
    expect(reports(run.lines).filter((r) => r.includes("skipped_heartbeats"))).toEqual([]);

    const frozen = dummy("flaky", "<heartbeat/>", `version="2"> <log string="getting stuck..."/> <sleep_forever/>`);
    run.core.updateRom("config", new TextEncoder().encode(system(`<report/> <heartbeat rate_ms="100"/> ${frozen} ${unwatched}`)));
    await waitFor(run, (l) => /skipped_heartbeats="[2-9]"/.test(child(reports(l).at(-1) ?? "", "flaky")));
    expect(child(last(run), "unwatched")).not.toContain("skipped_heartbeats");
    await stop(run);
  });

  it("restart_after_skipped restarts a child that stays silent, each time as a new child", async () => {
    const sleepy = dummy("sleepy", `<heartbeat restart_after_skipped="2"/>`, `> <log string="started"/> <sleep_forever/>`);
    const run = await boot(`<report ids="yes"/> <heartbeat rate_ms="30"/> ${sleepy}`);
    await waitFor(run, (l) => l.filter((x) => x === "[init -> init -> sleepy] started").length >= 3);
    await stop(run);
    const ids = reports(run.lines).map((r) => /<child name="sleepy"[^>]* id="(\d+)"/.exec(r)?.[1]).filter((x) => x !== undefined);
    expect(new Set(ids).size).toBeGreaterThanOrEqual(3);
  });
});
