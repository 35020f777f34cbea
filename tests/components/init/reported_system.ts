// A sub-init whose state reports a reader logs, with a timer beside it: for tests that watch init's report over time.
import { testComponent } from "../../support/system.ts";

export const provides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> </parent-provides>`;
/** What the sub-init's parent (the top init) provides it: Timer too, from the timer. */
const innerProvides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Timer"/> </parent-provides>`;

/** A sub-init `init` with `body` (its <report>, <heartbeat>, starts) and its config's `version`, reporting to report_rom; a reader logs each report; a timer serves Timer. */
export function reportedSystem(body: string, version = ""): string {
  return `<config> ${provides}
  <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="200"/>
  <start name="timer" ram="1M"> <provides> <service name="Timer"/> </provides> </start>
  <start name="report_rom" ram="2M"> <provides> <service name="Report"/> <service name="ROM"/> </provides>
    <config> <policy label="reader -> state" report="init -> state"/> </config> </start>
  <start name="init" ram="8M">
    <route> <service name="Report"> <child name="report_rom"/> </service> <service name="Timer"> <child name="timer"/> </service>
      <any-service> <parent/> </any-service> </route>
    <config${version ? ` version="${version}"` : ""}> ${innerProvides} <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="60" ram="1M"/> ${body} </config> </start>
  <start name="reader" ram="1M"> <binary name="state_reader"/>
    <route> <service name="ROM" label="state"> <child name="report_rom"/> </service> <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

/** The ROMs reportedSystem needs beside the image. */
export async function reportedRoms(): Promise<Record<string, Uint8Array>> {
  return { state_reader: await testComponent("tests/components/init/assembly/state_reader.ts") };
}

/** The reports the reader logged, in order. */
export function reports(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith("[init -> reader] <state")).map((l) => l.slice("[init -> reader] ".length));
}
