// Init routes each session request at run time by its config's rules: targets, denials, label rewriting.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { runSystem } from "../../support/system.ts";

const parentProvides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>`;
const server = `<start name="hello_server" caps="100" ram="1M"> <provides> <service name="Hello"/> </provides>
  <route> <any-service> <parent/> </any-service> </route> </start>`;

describe("routing at run time", () => {
  it("a target's label replaces the label the server sees", async () => {
    const run = await runSystem(`<config> ${parentProvides} ${server}
      <start name="hello_client" caps="100" ram="1M"> <route>
        <service name="Hello"> <child name="hello_server" label="renamed"/> </service>
        <any-service> <parent/> </any-service> </route> </start> </config>`);
    expect(run.lines).toContain("[init -> hello_server] Hello, renamed!");
    expect(run.lines).toContain("[init -> hello_client] 2 + 5 = 7");
  });

  it("a request no rule routes is denied with a log line; the client hears why", async () => {
    const run = await runSystem(`<config> ${parentProvides} ${server}
      <start name="hello_client" caps="100" ram="1M"> <route> <any-service> <parent/> </any-service> </route> </start> </config>`);
    expect(run.lines).toContain(`[init] hello_client: no route to service "Hello" (label="hello_client -> ")`);
    expect(run.lines).toContain(`[init -> hello_client] no Hello session (error ${Err.Denied})`);
    expect(run.lines).toContain(`[init] child "hello_client" exited with exit value 1`);
  });

  it("a start's <route> replaces <default-route>: the default's any-child is not consulted", async () => {
    const run = await runSystem(`<config> ${parentProvides}
      <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route> ${server}
      <start name="hello_client" caps="100" ram="1M"> <route> <service name="LOG"> <parent/> </service> <service name="PD"> <parent/> </service> <service name="ROM"> <parent/> </service> </route> </start> </config>`);
    expect(run.lines).toContain(`[init] hello_client: no route to service "Hello" (label="hello_client -> ")`);
  });

  it("announcing a service the start node does not provide is refused", async () => {
    const run = await runSystem(`<config> ${parentProvides}
      <start name="hello_server" caps="100" ram="1M"> <route> <any-service> <parent/> </any-service> </route> </start> </config>`);
    expect(run.lines).toContain(`[init] hello_server: illegal announcement of service "Hello"`);
  });

  it("a nested init runs its own children; labels gain a prefix at every level", async () => {
    const run = await runSystem(`<config> ${parentProvides}
      <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="200"/>
      <start name="init" ram="8M"> <config> ${parentProvides}
        <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="50" ram="1M"/>
        <start name="hello"/>
        <start name="application"> <binary name="dummy"/> <config> <log string="nested and configured"/> </config> </start>
      </config> </start> </config>`);
    expect(run.lines).toEqual(["[init -> init -> hello] Hello", "[init -> init -> application] nested and configured"]);
  });
});
