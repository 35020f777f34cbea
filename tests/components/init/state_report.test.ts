// Init's state report, as Genode's: children with ids, exit values and sessions, through a Report session.
import { describe, expect, it } from "vitest";
import { runSystem, testComponent } from "../../support/system.ts";

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
