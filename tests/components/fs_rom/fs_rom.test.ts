// fs_rom end to end: ROM modules read from files of an fs, signalled when a client rewrites them, as a nested init's config.
import { describe, expect, it } from "vitest";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

const client = () => testComponent("tests/components/fs/assembly/fs_client.ts");

async function boot(config: string): Promise<Run> {
  return runSystem(config, { fs_client: await client() });
}

const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[${name}] `)).map((l) => l.slice(`[${name}] `.length));

const PARENT = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;

describe("fs_rom", () => {
  it("serves a file as a ROM module and signals its client when another client rewrites or creates it", async () => {
    const run = await boot(`<config> ${PARENT}
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config> <default-policy root="/" writeable="yes"/> <content> <inline name="greeting">Hello</inline> <dir name="etc"/> </content> </config> </start>
  <start name="fs_rom"> <provides> <service name="ROM"/> </provides> </start>
  <start name="reader"> <binary name="fs_client"/>
    <config> <rom label="greeting"/> <rom label="etc/later"/> <rom label="../escape"/>
      <wait-rom label="greeting" content="Bye"/> <wait-rom label="etc/later" content="now here"/> <log string="done"/> <exit/> </config>
    <route> <service name="ROM" label_prefix="greeting"> <child name="fs_rom"/> </service>
      <service name="ROM" label_prefix="etc"> <child name="fs_rom"/> </service>
      <service name="ROM" label_prefix=".."> <child name="fs_rom"/> </service>
      <any-service> <parent/> <any-child/> </any-service> </route> </start>
  <start name="writer"> <binary name="fs_client"/>
    <config> <sleep ms="50"/> <write path="/greeting" text="Bye"/> <sleep ms="50"/> <write path="/etc/later" text="now here"/> <exit/> </config> </start>
</config>`);
    expect(linesOf(run, "init -> reader")).toEqual([
      "rom greeting: Hello",
      "rom etc/later: (empty)",
      "rom ../escape: Denied",
      "rom greeting changed: Bye",
      "rom etc/later changed: now here",
      "done",
    ]);
    expect(run.lines).toContain("[init -> fs_rom] /etc/later ROM file is missing");
    expect(run.lines.some((l) => l.startsWith("[init -> fs_rom] \x1b[31mError: ROM module lookup of 'reader -> ../escape' failed"))).toBe(true);
    expect(run.sys.faults).toEqual([]);
  });

  it("is the config of a nested init, which reconfigures when the file is rewritten (lx_fs_notify's pattern)", async () => {
    const run = await boot(`<config> ${PARENT}
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config>
      <policy label_prefix="fs_rom_config" root="/fs_notify" writeable="no"/>
      <policy label_suffix="test -> /" root="/fs_notify" writeable="yes"/>
      <content> <dir name="fs_notify"> <inline name="init.config">
        <config> <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
          <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
          <start name="first"> <binary name="hello"/> </start> </config>
      </inline> </dir> </content>
    </config> </start>
  <start name="fs_rom_config"> <binary name="fs_rom"/> <provides> <service name="ROM"/> </provides>
    <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>
  <start name="init" caps="1000" ram="8M">
    <route> <service name="ROM" label="config"> <child name="fs_rom_config" label="init.config"/> </service>
      <any-service> <parent/> <any-child/> </any-service> </route> </start>
  <start name="test"> <binary name="fs_client"/>
    <config> <sleep ms="100"/>
      <write path="/init.config"> <config> <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
        <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
        <start name="second"> <binary name="hello"/> </start> </config> </write> <exit/> </config> </start>
</config>`);
    // The nested init ran the file's first config, then, once the test rewrote it, the new one.
    const first = run.lines.indexOf("[init -> init -> first] Hello");
    const written = run.lines.findIndex((l) => /^\[init -> test\] write \/init\.config: \d+$/.test(l));
    const second = run.lines.indexOf("[init -> init -> second] Hello");
    expect(first).toBeGreaterThanOrEqual(0);
    expect(written).toBeGreaterThan(first);
    expect(second).toBeGreaterThan(written);
    expect(run.sys.faults).toEqual([]);
  });
});
