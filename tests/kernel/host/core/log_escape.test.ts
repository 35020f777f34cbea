// Core's LOG service escapes control characters in labels and text: no component prints a line as another, none moves the cursor.
import { describe, expect, it } from "vitest";
import { printable } from "../../../../kernel/host/devices/console.ts";
import { runSystem, testComponent } from "../../../support/system.ts";

const system = `<config>
	<parent-provides> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/> </parent-provides>
	<default caps="100" ram="1M"/>
	<start name="forger"> <route> <any-service> <parent/> </any-service> </route> </start>
	<start name="ticker">
		<binary name="dummy"/>
		<config> <log string="tick 1"/> </config>
		<route> <any-service> <parent/> </any-service> </route>
	</start>
</config>`;

describe("LOG lines", () => {
  it("carry every control character escaped, and a component's own newline starts a line behind its own label", async () => {
    const run = await runSystem(system, { forger: await testComponent("tests/kernel/host/core/assembly/log_forger.ts") });
    expect(run.lines.filter((l) => l.includes("forger"))).toEqual([
      "[init -> forger] x",
      "[init -> forger] [init -> ticker] tick 99",
      "[init -> forger] \\r\\x1b[2K[init -> ticker] tick 100",
      "[init -> forger] bell\\x07 del\\x7f csi\\x9b2J tab\\t end",
      "[init -> forger -> y\\n[init -> ticker] tick 101\\r] z",
    ]);
    // The only lines that start as the ticker's are its own, and no line holds a control character.
    expect(run.lines.filter((l) => l.startsWith("[init -> ticker]"))).toEqual(["[init -> ticker] tick 1"]);
    expect(run.lines.filter((l) => /[\x00-\x1f\x7f-\x9f]/.test(l))).toEqual([]);
    // The recent log, which the shell's log prints on its terminal, holds the same lines.
    expect(new TextDecoder().decode(run.core.log!.bytes())).toContain("[init -> forger] \\r\\x1b[2K[init -> ticker] tick 100\n");
    expect(run.sys.faults).toEqual([]);
  });

  it("are escaped once: an escaped text stays as it is", () => {
    const once = printable("a\nb\r\x1b[1m\x00\x7f\u0085");
    expect(once).toBe("a\\nb\\r\\x1b[1m\\x00\\x7f\\x85");
    expect(printable(once)).toBe(once);
    expect(printable("plain text, ünïcode → ok")).toBe("plain text, ünïcode → ok");
  });
});
