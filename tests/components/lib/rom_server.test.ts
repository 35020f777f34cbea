// The ROM servers (report_rom, dynamic_rom, fs_rom) under a client's malformed and bad requests: error codes, no trap, the module still read.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem, testComponent } from "../../support/system.ts";

const ROUTE = (server: string) => `<route> <service name="ROM" label="module"> <child name="${server}"/> </service> <any-service> <parent/> <any-child/> </any-service> </route>`;
const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;

const SERVERS: [string, string, string][] = [
  ["report_rom", `<start name="report_rom"> <provides> <service name="Report"/> <service name="ROM"/> </provides>
    <config> <policy label="client -> module" report="nobody -> state"/> </config> </start>`, ""],
  ["dynamic_rom", `${TIMER} <start name="dynamic_rom"> <provides> <service name="ROM"/> </provides>
    <config> <rom name="module"> <inline><first/></inline> </rom> </config> </start>`, "<first/>"],
  ["fs_rom", `<start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config> <default-policy root="/"/> <content> <inline name="module">from_a_file</inline> </content> </config> </start>
  <start name="fs_rom"> <provides> <service name="ROM"/> </provides> </start>`, "from_a_file"],
];

describe.each(SERVERS)("%s, given bad ROM requests", (server, starts, content) => {
  it("answers each with an error code and still serves the module", async () => {
    const client = await testComponent("tests/components/lib/assembly/rom_client.ts");
    const config = initConfig(`${starts} <start name="client"> <binary name="rom_client"/> ${ROUTE(server)} </start>`);
    const run = await runSystem(config, { rom_client: client });
    const line = run.lines.find((l) => l.startsWith("[init -> client] ") && l.includes("="));
    expect(line?.slice("[init -> client] ".length).split(" "), run.lines.join("\n")).toEqual([
      "read-empty=BadMsg", "read-past=Invalid", "sigh-nocap=BadMsg", "sigh-twocaps=BadMsg", "opcode=BadOpcode", `read='${content}'`,
    ]);
    expect(run.lines).toContain(`[init] child "client" exited with exit value 0`);
    expect(run.sys.faults).toEqual([]);
  });
});
