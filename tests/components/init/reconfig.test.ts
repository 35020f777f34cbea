// Init applies a new config while it runs, with Genode's minimal restarts.
import { describe, expect, it } from "vitest";
import { runSystem, type Run } from "../../support/system.ts";

const head = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route> <default caps="100" ram="1M"/>`;
const dummy = (name: string, config: string, attrs = "") => `<start name="${name}" ${attrs}> <binary name="dummy"/> <config ${config.startsWith("version") ? config.split(">")[0] : ""}>${config.startsWith("version") ? config.slice(config.indexOf(">") + 1) : config}</config> </start>`;

/** Hands init a new config and waits until the system is idle again; returns the lines logged since. */
async function reconfigure(run: Run, config: string): Promise<string[]> {
  const before = run.lines.length;
  run.core.updateRom("config", new TextEncoder().encode(config));
  await run.sys.idle();
  return run.lines.slice(before);
}

describe("reconfiguration", () => {
  it("a changed inline <config> restarts nothing: the child re-reads its config ROM", async () => {
    const run = await runSystem(`<config> ${head} ${dummy("app", `version="A"> <log string="hi"/>`)} </config>`);
    expect(run.lines).toEqual(["[init -> app] config 1: A", "[init -> app] hi"]);
    const after = await reconfigure(run, `<config> ${head} ${dummy("app", `version="B"> <log string="again"/>`)} </config>`);
    expect(after).toEqual(["[init -> app] config 2: B", "[init -> app] again"]);
  });

  it("a config whose version did not change is ignored by the child (dummy's rule)", async () => {
    const run = await runSystem(`<config> ${head} ${dummy("app", `version="A"> <log string="hi"/>`)} </config>`);
    const after = await reconfigure(run, `<config> ${head} ${dummy("app", `version="A"> <log string="other"/>`)} </config>`);
    expect(after).toEqual([]);
  });

  it("a changed version attribute of <start> restarts the child", async () => {
    const run = await runSystem(`<config> ${head} <start name="hello" version="1"/> </config>`);
    expect(run.lines).toEqual(["[init -> hello] Hello"]);
    expect(await reconfigure(run, `<config> ${head} <start name="hello" version="2"/> </config>`)).toEqual(["[init -> hello] Hello"]);
    expect(await reconfigure(run, `<config> ${head} <start name="hello" version="2"/> </config>`)).toEqual([]);
  });

  it("removed starts go, new starts come, the others stay as they are", async () => {
    const run = await runSystem(`<config> ${head} <start name="hello"/> ${dummy("app", `<log string="one"/>`)} </config>`);
    const after = await reconfigure(run, `<config> ${head} ${dummy("app", `<log string="one"/>`)} ${dummy("other", `<log string="two"/>`)} </config>`);
    expect(after).toEqual(["[init -> other] two"]);
    const running = run.sys.servers.filter((s) => s !== undefined).map((s) => s!.label);
    expect(running).toContain("init -> app");
    expect(running).toContain("init -> other");
    expect(running).not.toContain("init -> hello");
  });

  it("an exited child keeps its exit state across a reconfiguration", async () => {
    const run = await runSystem(`<config> ${head} ${dummy("exiting", `<log string="started"/> <exit/>`)} </config>`);
    expect(run.lines).toEqual(["[init -> exiting] started", `[init] child "exiting" exited with exit value 0`]);
    const after = await reconfigure(run, `<config> ${head} ${dummy("exiting", `<log string="started"/> <exit/>`)} <start name="hello"/> </config>`);
    expect(after).toEqual(["[init -> hello] Hello"]);
  });

  it("a route change restarts the client; a restarted server restarts its clients", async () => {
    const server = `<start name="hello_server"> <provides> <service name="Hello"/> </provides> </start>`;
    const client = (label: string) => `<start name="hello_client"> <route> <service name="Hello"> <child name="hello_server" label="${label}"/> </service> <any-service> <parent/> </any-service> </route> </start>`;
    const run = await runSystem(`<config> ${head} ${server} ${client("a")} </config>`);
    expect(run.lines).toContain("[init -> hello_server] Hello, a!");
    // The client exited after its greeting, so it keeps its exit state: its start node changes nothing.
    const after = await reconfigure(run, `<config> ${head} ${server} ${client("b")} </config>`);
    expect(after).toEqual([]);
  });

  it("a route change that leads a session elsewhere restarts the child", async () => {
    const app = (route: string) => `<start name="app"> <binary name="dummy"/> <config version="A"> <log string="hi"/> </config>
      <route> <service name="LOG"> ${route} </service> <any-service> <parent/> </any-service> </route> </start>`;
    const run = await runSystem(`<config> ${head} ${app("<parent/>")} </config>`);
    expect(run.lines).toEqual(["[init -> app] config 1: A", "[init -> app] hi"]);
    // Its LOG session would now reach core with another label: a new instance starts afresh.
    const after = await reconfigure(run, `<config> ${head} ${app(`<parent label="renamed"/>`)} </config>`);
    expect(after).toEqual(["[init -> renamed] config 1: A", "[init -> renamed] hi"]);
    // The same routes again: nothing happens.
    expect(await reconfigure(run, `<config> ${head} ${app(`<parent label="renamed"/>`)} </config>`)).toEqual([]);
  });
});
