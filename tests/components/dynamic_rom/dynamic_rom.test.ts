// dynamic_rom: each session steps through its <rom> script (content, removal, sleeps) and signals its client at each change.
import { describe, expect, it } from "vitest";
import { runSystem, testComponent } from "../../support/system.ts";

function config(script: string, watcher = `<start name="rom_watcher"> <route> <service name="ROM" label="test"> <child name="dynamic_rom"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="dynamic_rom"> <provides> <service name="ROM"/> </provides>
    <config verbose="yes"> ${script} </config> </start>
  ${watcher}
</config>`;
}

describe("dynamic_rom", () => {
  it("steps through the script, looping, and the client reads each content after its signal", async () => {
    const run = await runSystem(config(`<rom name="test">
        <inline description="first"><a n="1"/></inline> <sleep milliseconds="50"/>
        <empty/> <sleep milliseconds="50"/>
        <inline><b/></inline> <sleep milliseconds="50"/> </rom>`), {
      rom_watcher: await testComponent("tests/components/dynamic_rom/assembly/rom_watcher.ts"),
    });
    const rom = run.lines.filter((l) => l.startsWith("[init -> dynamic_rom]"));
    expect(rom.slice(0, 7)).toEqual([
      "[init -> dynamic_rom] test: change (first)",
      "[init -> dynamic_rom] test: sleep 50 milliseconds",
      "[init -> dynamic_rom] test: remove",
      "[init -> dynamic_rom] test: sleep 50 milliseconds",
      "[init -> dynamic_rom] test: change",
      "[init -> dynamic_rom] test: sleep 50 milliseconds",
      "[init -> dynamic_rom] test: change (first)",
    ]);
    const reads = run.lines.filter((l) => l.startsWith("[init -> rom_watcher] read "));
    expect(reads).toEqual([
      `[init -> rom_watcher] read 0: <a n="1"/>`,
      "[init -> rom_watcher] read 1: (empty)",
      "[init -> rom_watcher] read 2: <b/>",
      `[init -> rom_watcher] read 3: <a n="1"/>`,
      "[init -> rom_watcher] read 4: (empty)",
    ]);
    expect(run.lines).toContain(`[init] child "rom_watcher" exited with exit value 0`);
  });

  it("denies a session whose label names no <rom>, with Genode's error line", async () => {
    const watcher = `<start name="rom_watcher"> <route> <service name="ROM" label="test"> <child name="dynamic_rom" label="nothing"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`;
    const run = await runSystem(config(`<rom name="test"> <inline><a/></inline> </rom>`, watcher), {
      rom_watcher: await testComponent("tests/components/dynamic_rom/assembly/rom_watcher.ts"),
    });
    expect(run.lines.some((l) => l.includes("Error: ROM module lookup of 'nothing' failed"))).toBe(true);
    expect(run.lines.some((l) => /^\[init -> rom_watcher\] no ROM session: -\d+$/.test(l))).toBe(true);
  });
});
