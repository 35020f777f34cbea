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
      "[init -> forger] \x1b[34mWarning: coloured, as Genode frames it\x1b[0m",
      // A colour that is not reset ends with its line: it cannot hide the next component's.
      "[init -> forger] \x1b[8mconcealed, and never reset\x1b[0m",
      // A label takes no colour at all.
      "[init -> forger -> y\\n[init -> ticker] tick 101\\r\\x1b[31m] z",
    ]);
    // The only lines that start as the ticker's are its own, and no line holds a control character but a colour's.
    expect(run.lines.filter((l) => l.startsWith("[init -> ticker]"))).toEqual(["[init -> ticker] tick 1"]);
    expect(run.lines.filter((l) => /[\x00-\x1f\x7f-\x9f]/.test(l.replace(/\x1b\[[0-9;]*m/g, "")))).toEqual([]);
    // The recent log, which the shell's log prints on its terminal, holds the same lines.
    expect(new TextDecoder().decode(run.core.log!.bytes())).toContain("[init -> forger] \\r\\x1b[2K[init -> ticker] tick 100\n");
    expect(run.sys.faults).toEqual([]);
  });

  it("are escaped once: an escaped text stays as it is", () => {
    const once = printable("a\nb\r\x1b[2J\x1b[1m\x00\x7f\u0085");
    expect(once).toBe("a\\nb\\r\\x1b[2J\x1b[1m\\x00\\x7f\\x85\x1b[0m");
    expect(printable(once)).toBe(once);
    expect(printable("\x1b[1mbold\x1b[0m", false)).toBe("\\x1b[1mbold\\x1b[0m");
    expect(printable("plain text, ünïcode → ok")).toBe("plain text, ünïcode → ok");
  });
});
