// Init bounds the stalled session requests each child may leave with it; a flood from one child denies no other.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { runSystem, testComponent } from "../../support/system.ts";

const parentProvides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>`;
/** Declares Hello but never announces it: requests routed to it stall. */
const silent = `<start name="silent" caps="100" ram="1M"> <binary name="dummy"/> <provides> <service name="Hello"/> </provides>
  <route> <any-service> <parent/> </any-service> </route> <config> </config> </start>`;
const server = `<start name="hello_server" caps="100" ram="1M"> <provides> <service name="Hello"/> </provides>
  <route> <any-service> <parent/> </any-service> </route> </start>`;
const client = (name: string, target: string) => `<start name="${name}" caps="100" ram="1M"> <binary name="hello_client"/>
  <route> <service name="Hello"> <child name="${target}"/> </service> <any-service> <parent/> </any-service> </route> </start>`;
const flooder = `<start name="flooder" caps="100" ram="1M"> <binary name="stall_flooder"/>
  <route> <service name="Hello"> <child name="silent"/> </service> <any-service> <parent/> </any-service> </route> </start>`;

describe("stalled session requests", () => {
  it("beyond 16 stalled requests a child's further ones are denied at once, with one log line naming it", async () => {
    const run = await runSystem(`<config> ${parentProvides} ${silent} ${server} ${flooder} ${client("neighbour", "hello_server")} ${client("patient", "silent")} </config>`,
      { stall_flooder: await testComponent("tests/components/init/assembly/stall_flooder.ts") });
    expect(run.lines, run.lines.join("\n")).toContain("[init -> flooder] pending 16, denied 24, other 0");
    const bound = run.lines.filter((l) => l.includes("too many stalled session requests"));
    expect(bound).toEqual([`[init] flooder: too many stalled session requests (16): "Hello" (label="flooder -> 16") denied, and further ones`]);
    // The neighbour is served, and the patient child's request to the same silent server still waits.
    expect(run.lines).toContain("[init -> neighbour] 2 + 5 = 7");
    expect(run.lines.filter((l) => l.startsWith("[init -> patient]"))).toEqual([]);
    expect(run.lines).not.toContain(`[init -> patient] no Hello session (error ${Err.Denied})`);
  });
});
