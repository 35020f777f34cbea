// dummy, the stand-in of Genode's init test (components/init/SEMANTICS.md §13), end to end:
// configs booted through init, compared with the log lines the scenario expects.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem, startSystem, type Run } from "../../support/system.ts";

/** A start of dummy named `name` with `config` as the body of its <config> (and `attrs` on it). */
function dummy(name: string, config: string, opts: { attrs?: string; configAttrs?: string; extra?: string } = {}): string {
  return `<start name="${name}" ${opts.attrs ?? ""}> <binary name="dummy"/> <config ${opts.configAttrs ?? ""}>${config}</config> ${opts.extra ?? ""} </start>`;
}

const provides = `<provides> <service name="LOG"/> </provides>`;
/** The timer component: dummy's sleeps and delayed closes take a Timer session (any-child routes reach it). */
const timer = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
/** Every LOG session of the child goes to `server`, its environment's included (as in the scenario). */
const logTo = (server: string) => `<route> <service name="LOG"> <child name="${server}"/> </service> <any-service> <parent/> </any-service> </route>`;
/** Only the sessions the child opens itself (labels "0".."count-1") go to `server`; its own lines go to core. */
const connectionsTo = (count: number, server: string) =>
  `<route> ${Array.from({ length: count }, (_, i) => `<service name="LOG" label="${i}"> <child name="${server}"/> </service>`).join(" ")}
   <any-service> <parent/> </any-service> </route>`;

async function reconfigure(run: Run, config: string): Promise<string[]> {
  const before = run.lines.length;
  run.core.updateRom("config", new TextEncoder().encode(config));
  await run.sys.idle();
  return run.lines.slice(before);
}

describe("dummy", () => {
  it("<log> logs its string; a config version is logged as `config N: V` first", async () => {
    const run = await runSystem(initConfig(dummy("app", `<log string="one"/> <log string="two"/>`, { configAttrs: `version="A"` })));
    expect(run.lines).toEqual(["[init -> app] config 1: A", "[init -> app] one", "[init -> app] two"]);
  });

  it("D1: an unchanged version is ignored; attribute-only configs log only their version", async () => {
    const cfg = (v: string, body: string) => initConfig(dummy("app", body, { configAttrs: `version="${v}"` }));
    const run = await runSystem(cfg("A", `<log string="a"/>`));
    expect(await reconfigure(run, cfg("A", `<log string="b"/>`))).toEqual([]);
    expect(await reconfigure(run, cfg("Version B", ""))).toEqual(["[init -> app] config 2: Version B"]);
    expect(await reconfigure(run, cfg("C", `<log string="c"/>`))).toEqual(["[init -> app] config 3: C", "[init -> app] c"]);
  });

  it("<exit/> ends the child with exit value 0; later nodes do not run", async () => {
    const run = await runSystem(initConfig(dummy("exiting", `<log string="started"/> <exit/> <log string="never"/>`)));
    expect(run.lines).toEqual(["[init -> exiting] started", `[init] child "exiting" exited with exit value 0`]);
  });

  it("<log_service>: announces LOG and relays each write as `[label] text`", async () => {
    const run = await runSystem(initConfig(
      dummy("server", `<log_service/>`, { extra: provides }) +
      dummy("client", `<log string="client started"/>`, { extra: logTo("server") }),
    ));
    expect(run.lines).toEqual(["[init -> server] created LOG service", "[init -> server] [client] client started"]);
  });

  it("<log_service> without <provides>: init refuses the announcement, dummy still says it created it", async () => {
    const run = await runSystem(initConfig(dummy("server", `<log_service/>`)));
    expect(run.lines).toContain("[init -> server] created LOG service");
  });

  it("<create_log_connections>: N sessions labelled 0..N-1, verbose server (the scenario's order)", async () => {
    const run = await runSystem(initConfig(
      dummy("server", `<log_service verbose="yes"/>`, { extra: provides }) +
      dummy("test", `<create_log_connections count="2"/> <destroy_log_connections/>`, { extra: logTo("server") }),
    ));
    expect(run.lines).toEqual([
      "[init -> server] created LOG service",
      "[init -> server] opening session with label test",
      "[init -> server] [test] going to create 2 LOG connections",
      "[init -> server] opening session with label test -> 0",
      "[init -> server] opening session with label test -> 1",
      "[init -> server] [test] created all LOG connections",
      "[init -> server] close session without delay",
      "[init -> server] closing session with label test -> 0",
      "[init -> server] close session without delay",
      "[init -> server] closing session with label test -> 1",
      "[init -> server] [test] destroyed all LOG connections",
    ]);
  });

  it("<create_log_connections> before the server exists: pending sessions, the steps go on in order", async () => {
    // The client starts first; its connections wait until the server announces LOG.
    const run = await runSystem(initConfig(
      dummy("client", `<log string="before"/> <create_log_connections count="3"/> <log string="after"/>`, { extra: connectionsTo(3, "server") }) +
      dummy("server", `<log_service verbose="yes"/>`, { extra: provides }),
    ));
    expect(run.lines).toEqual([
      "[init -> client] before",
      "[init -> client] going to create 3 LOG connections",
      "[init -> server] created LOG service",
      "[init -> server] opening session with label client -> 0",
      "[init -> server] opening session with label client -> 1",
      "[init -> server] opening session with label client -> 2",
      "[init -> client] created all LOG connections",
      "[init -> client] after",
    ]);
  });

  it("a config change while connections are pending runs after the waiting config's last node", async () => {
    // The server provides LOG but announces it only with its second config.
    const server = (v: string, body: string) => dummy("server", body, { configAttrs: `version="${v}"`, extra: provides });
    const client = (v: string, body: string) => dummy("client", body, { configAttrs: `version="${v}"`, extra: connectionsTo(3, "server") });
    const run = await runSystem(initConfig(server("1", "") + client("1", `<create_log_connections count="1"/> <log string="one done"/>`)));
    expect(run.lines).toEqual([
      "[init -> server] config 1: 1",
      "[init -> client] config 1: 1",
      "[init -> client] going to create 1 LOG connections",
    ]);
    const after = await reconfigure(run, initConfig(server("2", `<log_service/>`) + client("2", `<log string="two"/>`)));
    expect(after).toEqual([
      "[init -> server] config 2: 2",
      "[init -> server] created LOG service",
      "[init -> client] created all LOG connections",
      "[init -> client] one done",
      "[init -> client] config 2: 2",
      "[init -> client] two",
    ]);
  });

  it("<create_log_connections ram_upgrade>: logs each upgrade; a new set replaces the old one", async () => {
    const run = await runSystem(initConfig(
      dummy("server", `<log_service/>`, { extra: provides }) +
      dummy("client", `<create_log_connections count="1" ram_upgrade="4K"/> <create_log_connections count="1"/>`, { extra: connectionsTo(3, "server") }),
    ));
    expect(run.lines).toEqual([
      "[init -> server] created LOG service",
      "[init -> client] going to create 1 LOG connections",
      "[init -> client] upgrade connection 0",
      "[init -> server] received session quota upgrade",
      "[init -> client] created all LOG connections",
      "[init -> server] close session without delay",
      "[init -> client] destroyed all LOG connections",
      "[init -> client] going to create 1 LOG connections",
      "[init -> client] created all LOG connections",
    ]);
  });

  it("<destroy_log_connections/> without a set does nothing", async () => {
    const run = await runSystem(initConfig(dummy("app", `<destroy_log_connections/> <log string="x"/>`)));
    expect(run.lines).toEqual(["[init -> app] x"]);
  });

  it("the relayed line drops one trailing colour reset and newline and is cut at 99 characters", async () => {
    const long = "x".repeat(120);
    const run = await runSystem(initConfig(
      dummy("server", `<log_service/>`, { extra: provides }) +
      dummy("c", `<log string="plain&#x1b;[0m&#10;"/> <log string="${long}"/>`, { extra: logTo("server") }),
    ));
    expect(run.lines[1]).toBe("[init -> server] [c] plain");
    expect(run.lines[2]).toBe(("[c] " + long).slice(0, 99).replace(/^/, "[init -> server] "));
  });

  it("<log_service delay_close_ms>: the close is logged, the session goes after the delay", async () => {
    const run = await runSystem(initConfig(timer +
      dummy("server", `<log_service verbose="yes" delay_close_ms="50"/>`, { extra: provides }) +
      dummy("client", `<create_log_connections count="1"/> <destroy_log_connections/> <log string="done"/>`, { extra: connectionsTo(3, "server") }),
    ));
    expect(run.lines).toEqual([
      "[init -> server] created LOG service",
      "[init -> client] going to create 1 LOG connections",
      "[init -> server] opening session with label client -> 0",
      "[init -> client] created all LOG connections",
      "[init -> server] delay close by 50 ms",
      "[init -> client] destroyed all LOG connections",
      "[init -> client] done",
      "[init -> server] closing session with label client -> 0",
    ]);
  });

  it("<sleep ms>: the following nodes run after the sleep", async () => {
    const run = await startSystem(initConfig(timer + dummy("app", `<log string="a"/> <sleep ms="60"/> <log string="b"/>`)));
    await run.clock.advance(59);
    expect(run.lines).toEqual(["[init -> app] a"]);
    await run.clock.advance(1);
    expect(run.lines).toEqual(["[init -> app] a", "[init -> app] b"]);
  });

  it("<sleep_forever/>: no further nodes and no further configs", async () => {
    const cfg = (v: string) => initConfig(dummy("app", `<log string="v${v}"/> <sleep_forever/> <log string="never"/>`, { configAttrs: `version="${v}"` }));
    const run = await runSystem(cfg("1"));
    expect(run.lines).toEqual(["[init -> app] config 1: 1", "[init -> app] v1"]);
    expect(await reconfigure(run, cfg("2"))).toEqual([]);
  });

  it("<consume_ram>: logs in Genode's byte notation and releases before consuming again", async () => {
    const run = await runSystem(initConfig(dummy("test", `<handle_yield_requests/> <consume_ram amount="2M"/> <consume_ram amount="1536K"/>`, { attrs: `ram="4M"` })));
    expect(run.lines).toEqual([
      "[init -> test] consume 2M bytes of memory",
      "[init -> test] release 2M bytes of memory",
      "[init -> test] consume 1536K bytes of memory",
    ]);
    expect(run.sys.faults).toEqual([]);
  });

  it("<consume_caps>: holds N capabilities, releases them before consuming again", async () => {
    const run = await runSystem(initConfig(dummy("test", `<consume_caps amount="50"/> <consume_caps amount="20"/> <log string="ok"/>`, { attrs: `caps="200"` })));
    expect(run.lines).toEqual([
      "[init -> test] consume 50 caps",
      "[init -> test] release 50 caps",
      "[init -> test] consume 20 caps",
      "[init -> test] ok",
    ]);
  });

  it("<handle_yield_requests/>: a yield request releases what is held; without it the request goes unheard", async () => {
    const cfg = (ram: string, body: string) => initConfig(dummy("test", body, { attrs: `ram="${ram}" caps="200"`, configAttrs: `version="1"` }));
    const yielding = `<handle_yield_requests/> <consume_ram amount="2M"/> <consume_caps amount="50"/>`;
    const run = await runSystem(cfg("4M", yielding));
    expect(await reconfigure(run, cfg("2M", yielding))).toEqual([
      "[init -> test] got yield request",
      "[init -> test] release 2M bytes of memory",
      "[init -> test] release 50 caps",
    ]);
    const deaf = await runSystem(cfg("4M", `<consume_ram amount="2M"/>`));
    expect(await reconfigure(deaf, cfg("2M", `<consume_ram amount="2M"/>`))).toEqual([]);
  });

  it("<consume_caps> beyond the quota: asks init for more and goes on once a config grants it", async () => {
    const cfg = (caps: number) => initConfig(dummy("test", `<consume_caps amount="100"/> <log string="after"/>`, { attrs: `caps="${caps}"` }));
    const run = await runSystem(cfg(50));
    expect(run.lines[0]).toBe("[init -> test] consume 100 caps");
    expect(run.lines[1]).toMatch(/^\[init\] child "test" requests resources: cap_quota=\d+$/);
    expect(run.lines).not.toContain("[init -> test] after");
    expect(await reconfigure(run, cfg(200))).toEqual(["[init -> test] after"]);
  });

  it("<consume_ram> beyond the quota: asks init for the amount and a page more, nothing faults", async () => {
    const cfg = (ram: string) => initConfig(dummy("test", `<consume_ram amount="2M"/> <log string="after"/>`, { attrs: `ram="${ram}"` }));
    const run = await runSystem(cfg("1M"));
    expect(run.lines).toEqual(["[init -> test] consume 2M bytes of memory", `[init] child "test" requests resources: ram_quota=${2 * 1024 * 1024 + 4096}`]);
    expect(await reconfigure(run, cfg("4M"))).toEqual(["[init -> test] after"]);
    expect(run.sys.faults).toEqual([]);
  });
});
