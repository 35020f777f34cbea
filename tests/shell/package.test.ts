// The shell's reader of package runtime files (shell/package.ts): Genode's pkg runtime shape in both syntaxes, unknown nodes ignored, malformed files named by file and line.
import { beforeAll, describe, expect, it } from "vitest";
import { callPinned, loadAsModule, type AsModule } from "../support/as_module.ts";

let m: AsModule;
beforeAll(async () => {
  m = await loadAsModule(["tests/shell/package_harness.ts"]);
}, 120_000);

const read = (text: string, readme = "", name = "clock_view", file = "/src/components/clock_view/runtime"): string =>
  m.__getString(callPinned(m, "describePackage", name, file, text, readme));

// A package in the shape of Genode's pkg runtime files (XML, as before Genode's HID): nodes the
// shell has no use for (<content>, <fail>, <succeed>) are there, as in Genode's own.
const XML = `<runtime ram="32M" caps="1000" binary="clock_view" config="clock_view.config">

	<requires> <gui/> <timer/> <file_system label="fonts"/> <rom label="clock"/> </requires>
	<provides> <report/> </provides>

	<succeed after_seconds="10"/>
	<fail>Error: </fail>

	<content>
		<rom label="ld.lib.so"/>
		<rom label="clock_view"/>
		<rom label="clock_view.config"/>
	</content>

	<config> <vfs> <dir name="fonts"> <fs label="fonts"/> </dir> </vfs> <default-policy root="/"/> </config>
</runtime>
`;

// The same package in HID, as Genode's current runtime files are written.
const HID = `runtime | ram: 32M | caps: 1000 | binary: clock_view | config: clock_view.config

+ requires
  + gui
  + timer
  + file_system | label: fonts
  + rom         | label: clock
+ provides | + report

+ succeed | after_seconds: 10
+ fail
  : Error:

+ content
  + rom | label: ld.lib.so
  + rom | label: clock_view
  + rom | label: clock_view.config

+ config
  + vfs | + dir fonts | + fs | label: fonts
  + default-policy | root: /
-
`;

const EXPECTED = [
  "ram 32M, caps 1000, binary clock_view, config ROM clock_view.config",
  "requires Gui, Timer, File_system label fonts, ROM label clock",
  "provides Report",
  "summary Shows the time in a window",
  `config <config>   <vfs>     <dir name="fonts">       <fs label="fonts"/>     </dir>   </vfs>   <default-policy root="/"/> </config>`,
].join("\n");

describe("a package's runtime file", () => {
  it("reads Genode's XML shape: ram, caps, binary, config, requires with labels, provides; unknown nodes are ignored", () => {
    expect(read(XML, "\n   Shows the time in a window\n\nMore text.\n")).toBe(EXPECTED);
  });

  it("reads the same package in HID to the same facts", () => {
    expect(read(HID, "Shows the time in a window\n")).toBe(EXPECTED);
  });

  it("takes the summary from the info attribute before a README, and the package's name as the binary when none is named", () => {
    const text = `runtime | ram: 1M | caps: 100 | info: says hello\n+ requires | + hello\n-\n`;
    expect(read(text, "not this", "greeter_client").split("\n")).toEqual([
      "ram 1M, caps 100, binary greeter_client", "requires Hello", "provides -", "summary says hello", "config -",
    ]);
  });

  it("maps Genode's node types to service names as Sculpt does", () => {
    const text = `<runtime ram="1M" caps="100" binary="x"> <requires> <log/> <pd/> <cpu/> <io_mem/> <fs/> <uplink/> <nic/> <terminal/> </requires> </runtime>`;
    expect(read(text).split("\n")[1]).toBe("requires LOG, PD, CPU, IO_MEM, File_system, Uplink, Nic, Terminal");
  });

  it("names the file and line of what is wrong", () => {
    expect(read(`<runtime ram="1M">\n  <requires> <gui/>\n</runtime>\n`)).toMatch(/^error: \/src\/components\/clock_view\/runtime:3: /);
    expect(read(`runtime | ram: lots\n-\n`)).toBe(`error: /src/components/clock_view/runtime:1: ram "lots" is no amount (such as 2M)`);
    expect(read(`runtime | ram: 1M\n+ requires\n  + gui | label:\n-\n`)).toMatch(/^error: \/src\/components\/clock_view\/runtime:3: /);
    expect(read(`<config/>`)).toBe(`error: /src/components/clock_view/runtime:1: a package's runtime file holds <runtime>, not <config>`);
    expect(read(`runtime | caps: many\n-\n`)).toBe(`error: /src/components/clock_view/runtime:1: caps "many" is no number`);
  });
});
