// Init serves a start node's inline <config> as that child's `config` ROM, from XML and HID configs alike.
import { describe, expect, it } from "vitest";
import { runSystem } from "../../support/system.ts";

const xml = `<config>
	<parent-provides> <service name="ROM"/> <service name="PD"/> <service name="LOG"/> </parent-provides>
	<default caps="100"/>
	<start name="application" ram="1M">
		<binary name="dummy"/>
		<config> <log string="started"/> <exit/> <log string="never"/> </config>
		<route> <any-service> <parent/> </any-service> </route>
	</start>
</config>`;

const hid = `config
	+ parent-provides
		+ service ROM
		+ service PD
		+ service LOG
	+ default | caps: 100
	+ start application | ram: 1M
		+ binary dummy
		+ config
			+ log | string: started
			+ exit
			+ log | string: never
		+ route
			+ any-service
				+ parent
-`;

describe("a child's config ROM", () => {
  for (const [syntax, config] of [["XML", xml], ["HID", hid]] as const) {
    it(`comes from its start node's inline <config> (${syntax})`, async () => {
      const run = await runSystem(config.replace(/\t/g, syntax === "HID" ? "  " : "\t"));
      expect(run.lines).toEqual([
        "[init -> application] started",
        `[init] child "application" exited with exit value 0`,
      ]);
    });
  }
});
