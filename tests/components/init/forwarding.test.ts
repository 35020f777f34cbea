// Service forwarding (SEMANTICS.md §10): an init serves its parent by handing sessions to its children, by <service><policy>.
import { describe, expect, it } from "vitest";
import { runSystem, type Run } from "../../support/system.ts";

const provides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>`;

/** A LOG server inside the forwarding init: a verbose dummy, so that opens and closes show. */
const server = (name = "server") => `<start name="${name}" ram="1M"> <binary name="dummy"/> <provides> <service name="LOG"/> </provides>
  <config> <log_service verbose="yes"/> </config> </start>`;

/** A client whose every LOG session (its environment's too) goes to `service_init`. */
const client = (name: string, body: string) => `<start name="${name}" ram="2M"> <binary name="dummy"/> <config version="1"> ${body} </config>
  <route> <service name="LOG"> <child name="service_init"/> </service> <any-service> <parent/> </any-service> </route> </start>`;

/** The top init: `service_init` (an init providing LOG) with `inner` as its config's body, and `clients`. */
function system(inner: string, clients: string): string {
  return `<config> ${provides}
  <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="200"/>
  <start name="service_init" ram="8M"> <binary name="init"/> <provides> <service name="LOG"/> </provides>
    <config> ${provides} <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="60"/> ${inner} </config> </start>
  ${clients}
</config>`;
}

async function reconfigure(run: Run, config: string): Promise<string[]> {
  const before = run.lines.length;
  run.core.updateRom("config", new TextEncoder().encode(config));
  await run.sys.idle();
  return run.lines.slice(before);
}

const at = (server: string) => (l: string) => l.startsWith(`[init -> service_init -> ${server}] `);
const strip = (server: string) => (l: string) => l.slice(`[init -> service_init -> ${server}] `.length);
const linesOf = (lines: string[], s = "server") => lines.filter(at(s)).map(strip(s));

const connections = `<create_log_connections count="1" ram_upgrade="64K"/> <destroy_log_connections/>`;

describe("service forwarding", () => {
  it("forwards creates, upgrades and closes to the child the policy names, with the parent's label", async () => {
    const run = await runSystem(system(`<service name="LOG"> <default-policy> <child name="server"/> </default-policy> </service> ${server()}`,
      client("test", connections)));
    expect(linesOf(run.lines)).toEqual([
      "created LOG service",
      "opening session with label test",
      "[test] config 1: 1",
      "[test] going to create 1 LOG connections",
      "opening session with label test -> 0",
      "[test] upgrade connection 0",
      "received session quota upgrade",
      "[test] created all LOG connections",
      "close session without delay",
      "closing session with label test -> 0",
      "[test] destroyed all LOG connections",
    ]);
  });

  it("denies a request no policy matches: the client's environment stays incomplete", async () => {
    const run = await runSystem(system(`<service name="LOG"> <policy label="mismatching"> <child name="server"/> </policy> </service> ${server()}`,
      client("test", `<log string="never"/>`)));
    expect(run.lines).toContain(`[init] test: "LOG" session denied (error -12)`);
    expect(run.lines.filter((l) => l.includes("[test]") || l.includes("-> test]"))).toEqual([]);
    expect(linesOf(run.lines)).toEqual(["created LOG service"]);
  });

  it("keeps a request for a child that is not there yet pending, and forwards it once the child serves", async () => {
    const service = `<service name="LOG"> <default-policy> <child name="server"/> </default-policy> </service>`;
    const run = await runSystem(system(service, client("test", `<log string="hello"/>`)));
    expect(run.lines.filter((l) => l.includes("test"))).toEqual([]);
    const after = await reconfigure(run, system(service + server(), client("test", `<log string="hello"/>`)));
    expect(linesOf(after)).toEqual(["created LOG service", "opening session with label test", "[test] config 1: 1", "[test] hello"]);
  });

  it("closes a forwarded session when the policy no longer leads to its server", async () => {
    const service = `<service name="LOG"> <default-policy> <child name="server"/> </default-policy> </service>`;
    const run = await runSystem(system(service + server(), client("test", `<log string="hello"/>`)));
    expect(linesOf(run.lines)).toContain("[test] hello");
    const after = await reconfigure(run, system(server(), client("test", `<log string="hello"/>`)));
    expect(linesOf(after)).toEqual(["close session without delay", "closing session with label test"]);
  });

  it("picks the policy by the label as the parent sent it, and a target's label replaces it", async () => {
    const service = `<service name="LOG">
      <policy label_prefix="a"> <child name="first"/> </policy>
      <policy label="b"> <child name="second" label="renamed"/> </policy>
      <default-policy> <child name="first" label="other"/> </default-policy> </service>`;
    const run = await runSystem(system(service + server("first") + server("second"),
      client("a", `<log string="from a"/>`) + client("b", `<log string="from b"/>`) + client("c", `<log string="from c"/>`)));
    expect(linesOf(run.lines, "first")).toContain("[a] from a");
    expect(linesOf(run.lines, "second")).toContain("[renamed] from b");
    expect(linesOf(run.lines, "first")).toContain("[other] from c");
  });

  it("of two <service> nodes of one name, takes the later one (Genode merges them, the later node's policies winning)", async () => {
    const run = await runSystem(system(`<service name="LOG"> <default-policy> <child name="first"/> </default-policy> </service>
      <service name="LOG"> <default-policy> <child name="second"/> </default-policy> </service> ${server("first")} ${server("second")}`,
      client("test", `<log string="hello"/>`)));
    expect(linesOf(run.lines, "second")).toContain("[test] hello");
    expect(linesOf(run.lines, "first").filter((l) => l.startsWith("[test]"))).toEqual([]);
  });
});
