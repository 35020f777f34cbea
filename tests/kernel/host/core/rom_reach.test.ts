// What core's ROM service hands a child: its config and the recent log only where a route names them on purpose.
import { describe, expect, it } from "vitest";
import type { RomSession } from "../../../../kernel/host/core/rom_service.ts";
import { runSystem } from "../../../support/system.ts";

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/** A rom_reporter reflecting `roms` to core's Report service, with the route rules given before `<any-service><parent/>`. */
const reader = (name: string, roms: string[], rules = "") => `
	<start name="${name}">
		<binary name="rom_reporter"/>
		<config> ${roms.map((r) => `<rom label="${r}"/>`).join(" ")} </config>
		<route> ${rules} <any-service> <parent/> </any-service> </route>
	</start>`;

const system = (starts: string) => `<config>
	<parent-provides>
		<service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/>
		<service name="Clock"/> <service name="Report"/>
	</parent-provides>
	<default caps="100" ram="1M"/>
	<start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
	<!-- secret: every child's inline config is in the top init's config -->
	${starts}
	<start name="neighbour">
		<binary name="dummy"/>
		<config> <log string="tick 1"/> <sleep ms="50"/> <log string="tick 2"/> <sleep ms="50"/> <log string="tick 3"/> </config>
		<route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route>
	</start>
</config>`;

describe("core's config ROM", () => {
  it("goes to the top init alone: not to a child whose ROM route reaches core, by its name or through a label_prefix rule", async () => {
    const run = await runSystem(system(reader("reader", ["config", "public -> config"], `<service name="ROM" label_prefix="public"> <parent/> </service>`) + `
	<start name="sub" caps="300" ram="4M">
		<binary name="init"/>
		<route> <any-service> <parent/> </any-service> </route>
	</start>`));
    // A child with an inline <config> gets that for any label ending in "config" (init serves it, as Genode's does).
    expect(text(run.core.reports.get("init -> reader -> public -> config"))).toBe(`<config> <rom label="config"/> <rom label="public -> config"/> </config>`);
    // One without, whose request reaches core through the label_prefix rule, gets nothing (core's side of it below).
    // A nested init without an inline config, its ROM routed to the parent, reads no config of core's: it starts nothing.
    expect(run.lines).toContain(`[core] init -> sub -> config: ROM "config" is the top init's alone (route it there on purpose: README, "What a component can read")`);
    expect(run.lines.some((l) => l.startsWith("[init -> sub -> "))).toBe(false);
    expect([...run.core.reports.values()].map(text).some((t) => t?.includes("secret"))).toBe(false);
    // The healthy neighbour ran to its end.
    expect(run.lines.filter((l) => l.startsWith("[init -> neighbour]"))).toEqual(["[init -> neighbour] tick 1", "[init -> neighbour] tick 2", "[init -> neighbour] tick 3"]);
    expect(run.sys.faults).toEqual([]);
  });

  it("is read through a session labelled by the top init alone, whatever the last element", async () => {
    const run = await runSystem(system(""));
    const rom = run.core.service("ROM")!;
    const open = (label: string) => rom.open({ label, args: "", ram: 0, caps: 0 }) as RomSession;
    expect(text(open("init -> config").bytes)).toContain("secret");
    for (const label of ["init -> app -> config", "init -> app -> public -> config", "init -> sub -> app -> config", "config"]) {
      const s = open(label);
      expect(s.module).toBe("config");
      expect(s.bytes, label).toBeUndefined();
    }
    // Other modules go by their last element, as before: a binary.
    expect(open("init -> app -> public -> dummy").bytes?.length).toBeGreaterThan(0);
  });
});

describe("the recent log", () => {
  it("is no ROM a child reaches through <any-service><parent/>, only through a route that rewrites its label to \"log\"", async () => {
    const run = await runSystem(system(
      reader("snoop", ["log"]) +
      reader("viewer", ["log"], `<service name="ROM" label="log"> <parent label="log"/> </service>`),
    ));
    expect(run.core.reports.has("init -> snoop -> log")).toBe(false);
    expect(run.lines).toContain(`[core] init -> snoop -> log: ROM "log" is the top init's alone (route it there on purpose: README, "What a component can read")`);
    // The viewer's route names the log on purpose: it reads the recent lines, its neighbour's among them.
    expect(text(run.core.reports.get("init -> viewer -> log"))).toContain("[init -> neighbour] tick 3\n");
    expect(run.lines.filter((l) => l.startsWith("[init -> neighbour]")).length).toBe(3);
    expect(run.sys.faults).toEqual([]);
  });
});

describe("the top init's state report", () => {
  it("is no ROM a child reaches through <any-service><parent/>, only through a route that rewrites its label to \"state\"", async () => {
    const run = await runSystem(system(
      reader("snoop", ["state"]) +
      reader("viewer", ["state"], `<service name="ROM" label="state"> <parent label="state"/> </service>`),
    ).replace("<default caps", `<report requested="yes"/>\n\t<default caps`));
    expect(run.core.reports.has("init -> snoop -> state")).toBe(false);
    expect(run.lines).toContain(`[core] init -> snoop -> state: ROM "state" is the top init's alone (route it there on purpose: README, "What a component can read")`);
    // The viewer reads what the top init reported last: every child, its neighbour among them, as it changes.
    const seen = text(run.core.reports.get("init -> viewer -> state"));
    expect(seen).toContain(`<child name="neighbour"`);
    expect(seen).toBe(text(run.core.reports.get("init -> state")));
    expect(run.lines.filter((l) => l.startsWith("[init -> neighbour]")).length).toBe(3);
    expect(run.sys.faults).toEqual([]);
  });
});
