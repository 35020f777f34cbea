// Init's state report, as Genode's: children with ids, exit values and sessions, through a Report session.
import { describe, expect, it } from "vitest";
import { runSystem, startSystem, testComponent, waitFor, type Run } from "../../support/system.ts";
import { reportedRoms, reportedSystem, reports } from "./reported_system.ts";

const provides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>`;

/** A sub-init with `report` and `starts`, reporting to report_rom; a reader logs each version of the report. */
function system(report: string, starts: string, version = "v1"): string {
  return `<config> ${provides}
  <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="200"/>
  <start name="report_rom" ram="2M"> <provides> <service name="Report"/> <service name="ROM"/> </provides>
    <config> <policy label="reader -> state" report="init -> state"/> </config> </start>
  <start name="init" ram="8M">
    <route> <service name="Report"> <child name="report_rom"/> </service> <any-service> <parent/> </any-service> </route>
    <config version="${version}"> ${report} ${provides}
      <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="50" ram="1M"/> ${starts}
    </config> </start>
  <start name="reader" ram="1M"> <binary name="state_reader"/>
    <route> <service name="ROM" label="state"> <child name="report_rom"/> </service> <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

async function lastReport(report: string, starts: string): Promise<string> {
  const run = await runSystem(system(report, starts), { state_reader: await testComponent("tests/components/init/assembly/state_reader.ts") });
  const reports = run.lines.filter((l) => l.startsWith("[init -> reader] <state"));
  expect(reports.length, run.lines.join("\n")).toBeGreaterThan(0);
  return reports[reports.length - 1]!.slice("[init -> reader] ".length);
}

describe("the state report", () => {
  it("lists children newest first with name, binary, id; requested sessions with label and state", async () => {
    const xml = await lastReport(`<report ids="yes" requested="yes"/>`,
      `<start name="application"> <binary name="dummy"/> <config> <log string="started"/> </config> </start> <start name="hello"/>`);
    expect(xml.startsWith(`<state version="v1"><child name="hello" binary="hello" id="2">`)).toBe(true);
    expect(xml).toContain(`<child name="application" binary="dummy" id="1"><requested>`);
    expect(xml).toContain(`<session service="PD" label="application" state="CAP_HANDED_OUT" ram="4K" caps="1"/>`);
    // Escaped as Genode's XML generator escapes: the '>' of a label's " -> " too.
    expect(xml).toContain(`<session service="ROM" label="application -&gt; config" state="CAP_HANDED_OUT"`);
  });

  it("keeps an exited child with its exit value", async () => {
    const xml = await lastReport(`<report ids="yes"/>`, `<start name="exiting"> <binary name="dummy"/> <config> <exit/> </config> </start>`);
    expect(xml).toBe(`<state version="v1"><child name="exiting" binary="dummy" id="1" exited="0"/></state>`);
  });

  it("reports the quota of each child when asked", async () => {
    // Its caps are the 60 assigned less its environment's donations: PD and CPU one each, LOG two
    // (LogSessionQuota), the binary's ROM five (RomSessionQuota: its server may be a component's).
    const xml = await lastReport(`<report child_ram="yes" child_caps="yes"/>`, `<start name="hello" ram="2M" caps="60"/>`);
    expect(xml).toMatch(/<child name="hello" binary="hello"><ram assigned="2M" quota="2032K" used="\d+K?" avail="[\dKM]+"\/><caps assigned="60" quota="51" used="\d+" avail="\d+"\/><\/child>/);
  });
});

describe("the report options Sculpt uses", () => {
  const child = `<start name="app"> <binary name="dummy"/> <config> <log string="started"/> </config> </start>`;
  const apply = (run: Run, body: string, version: string) => run.core.updateRom("config", new TextEncoder().encode(reportedSystem(body, version)));
  /** Boots on held time and waits for `app` to start and a report to show it. */
  async function boot(report: string, body = child): Promise<Run> {
    const run = await startSystem(reportedSystem(`${report} ${body}`, "v1"), await reportedRoms());
    await waitFor(run, (l) => l.includes("[init -> init -> app] started") && reports(l).some((r) => r.includes(`name="app"`)));
    return run;
  }
  async function stop(run: Run): Promise<void> {
    run.clock.auto = true;
    await run.sys.idle();
  }

  it("delay_ms: a change is reported delay_ms after it, changes until then in the same report (Genode's one-shot timeout)", async () => {
    const run = await boot(`<report delay_ms="2000"/>`);
    await run.clock.advance(3000);
    const before = reports(run.lines).length;
    // A new version changes nothing but the report: no child comes or goes, so it waits its delay.
    apply(run, `<report delay_ms="2000"/> ${child}`, "v2");
    await run.clock.advance(1000);
    apply(run, `<report delay_ms="2000"/> ${child}`, "v3");
    await run.clock.advance(999);
    expect(reports(run.lines).slice(before)).toEqual([]);
    await run.clock.advance(1);
    // Two changes, one report, with the state as it is when the delay ends.
    expect(reports(run.lines).slice(before)).toEqual([`<state version="v3"><child name="app" binary="dummy"/></state>`]);
    await stop(run);
  });

  it("delay_ms: a child's exit and a new child are reported at once, as Genode reports them", async () => {
    const run = await boot(`<report delay_ms="5000"/>`);
    const exiting = `<start name="exiting"> <binary name="dummy"/> <config> <exit/> </config> </start>`;
    apply(run, `<report delay_ms="5000"/> ${child} ${exiting}`, "v1");
    // waitFor fails if it must move time past 1 s: the 5 s timeout must not be what sends it.
    await waitFor(run, (l) => reports(l).some((r) => r.includes(`<child name="exiting" binary="dummy" exited="0"/>`)), 1000);
    await stop(run);
  });

  it("delay_ms=\"0\": nothing is reported (Genode's reporter is then off)", async () => {
    const run = await startSystem(reportedSystem(`<report delay_ms="0"/> ${child}`, "v1"), await reportedRoms());
    await waitFor(run, (l) => l.includes("[init -> init -> app] started"));
    await run.clock.advance(3000);
    expect(reports(run.lines)).toEqual([]);
    await stop(run);
  });

  it("buffer: sizes the report; one larger than its buffer is an error line and Genode's error report", async () => {
    const big = await boot(`<report buffer="1M" requested="yes"/>`);
    expect(reports(big.lines).at(-1)).toContain(`<child name="app" binary="dummy"><requested>`);
    await stop(big);
    const run = await startSystem(reportedSystem(`<report buffer="100" requested="yes"/> ${child}`, "v1"), await reportedRoms());
    await waitFor(run, (l) => reports(l).length > 0);
    expect(reports(run.lines).at(-1)).toBe(`<state error="report buffer exceeded"/>`);
    expect(run.lines.some((l) => l.startsWith("[init -> init] ") && l.includes("Error: state report exceeds maximum size"))).toBe(true);
    await stop(run);
  });

  it("session_args: each session gets an <args> node, the quotas and the label the child asked with, quoted as Genode quotes text", async () => {
    const run = await boot(`<report requested="yes" session_args="yes"/>`);
    const last = reports(run.lines).at(-1)!;
    expect(last).toContain(`<session service="PD" label="app" state="CAP_HANDED_OUT" ram="4K" caps="1"><args>ram_quota=4096, cap_quota=1, label=&quot;app&quot;</args></session>`);
    expect(last).toMatch(/<session service="ROM" label="app -&gt; config" [^>]*><args>ram_quota=\d+, cap_quota=\d+, label=&quot;app -&gt; config&quot;<\/args><\/session>/);
    await stop(run);
  });
});

