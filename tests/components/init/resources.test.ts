// Init moves quota when its config changes a child's ram/caps, asks children to yield, and shows and answers their resource requests.
import { describe, expect, it } from "vitest";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

const provides = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>`;

/** A sub-init reporting its children's quota to report_rom; a reader logs each version of the report. */
function system(starts: string, report = `<report child_ram="yes" child_caps="yes" init_ram="yes" init_caps="yes"/>`): string {
  return `<config> ${provides}
  <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="300"/>
  <start name="report_rom" ram="2M"> <provides> <service name="Report"/> <service name="ROM"/> </provides>
    <config> <policy label="reader -> state" report="init -> state"/> </config> </start>
  <start name="init" ram="16M" caps="1000">
    <route> <service name="Report"> <child name="report_rom"/> </service> <any-service> <parent/> </any-service> </route>
    <config> ${report} ${provides}
      <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100"/> ${starts}
    </config> </start>
  <start name="reader" ram="1M"> <binary name="state_reader"/>
    <route> <service name="ROM" label="state"> <child name="report_rom"/> </service> <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

/** A dummy named `name` with these start attributes and this config. */
const dummy = (name: string, attrs: string, config: string) => `<start name="${name}" ${attrs}> <binary name="dummy"/> <config ${config}</config> </start>`;

const fullReport = `<report child_ram="yes" child_caps="yes" provided="yes"/>`;

async function boot(starts: string, report?: string): Promise<Run> {
  return runSystem(system(starts, report), { state_reader: await testComponent("tests/components/init/assembly/state_reader.ts") });
}

/** Hands the sub-init new starts and waits until the system is idle; returns the lines logged since. */
async function reconfigure(run: Run, starts: string, report?: string): Promise<string[]> {
  const before = run.lines.length;
  run.core.updateRom("config", new TextEncoder().encode(system(starts, report)));
  await run.sys.idle();
  return run.lines.slice(before);
}

/** Genode's byte notation (or a plain count) as a number. */
function amount(v: string | undefined): number {
  if (v === undefined) return NaN;
  const unit = { K: 1 << 10, M: 1 << 20, G: 1 << 30 }[v.slice(-1)] ?? 1;
  return Number(unit === 1 ? v : v.slice(0, -1)) * unit;
}

/** The body of child `name` in the newest report. */
function childNode(run: Run, name: string): string {
  const reports = run.lines.filter((l) => l.startsWith("[init -> reader] <state"));
  expect(reports.length, run.lines.join("\n")).toBeGreaterThan(0);
  const report = reports[reports.length - 1]!;
  const child = new RegExp(`<child name="${name}"[^>]*>(.*?)</child>`).exec(report);
  expect(child, report).not.toBeNull();
  return child![1]!;
}

/** The numeric attributes of the first node `<${node} …/>` (that `filter` matches) of child `name` in the newest report. */
function quota(run: Run, name: string, node: "ram" | "caps" | "session", filter = ""): Record<string, number> {
  const body = childNode(run, name);
  const attrs = new RegExp(`<${node} ([^>]*${filter}[^>]*)/>`).exec(body);
  expect(attrs, body).not.toBeNull();
  return Object.fromEntries([...attrs![1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, amount(m[2])]));
}

const M = 1 << 20;

describe("quota of children on reconfiguration (SEMANTICS.md §7)", () => {
  it("a raised ram or caps attribute moves quota to the running child; a lowered one takes it back", async () => {
    const run = await boot(dummy("test", `ram="1M"`, `version="a">`));
    expect(quota(run, "test", "ram").assigned).toBe(1 * M);
    expect(quota(run, "test", "ram").quota).toBeLessThan(1 * M);

    const up = await reconfigure(run, dummy("test", `ram="4M" caps="400"`, `version="b">`));
    expect(up).toContain("[init -> init -> test] config 2: b");
    const ram = quota(run, "test", "ram"), caps = quota(run, "test", "caps");
    expect(ram.assigned).toBe(4 * M);
    expect(ram.quota).toBeGreaterThan(3 * M);
    expect(caps.assigned).toBe(400);
    expect(caps.quota).toBeGreaterThan(300);

    await reconfigure(run, dummy("test", `ram="2M" caps="200"`, `version="b">`));
    expect(quota(run, "test", "ram").assigned).toBe(2 * M);
    expect(quota(run, "test", "ram").quota).toBeLessThan(2 * M);
    expect(quota(run, "test", "caps").assigned).toBe(200);
    expect(quota(run, "test", "caps").quota).toBeLessThan(200);
    expect(run.sys.faults).toEqual([]);
  });

  it("an upgrade init cannot afford stays partial and completes once quota is free again", async () => {
    const greedy = dummy("greedy", `ram="1G"`, `version="g">`);
    const run = await boot(dummy("test", `ram="4M"`, `version="a">`) + greedy);
    await reconfigure(run, dummy("test", `ram="8M"`, `version="a">`) + greedy);
    expect(quota(run, "test", "ram").assigned).toBeLessThan(8 * M);
    await reconfigure(run, dummy("test", `ram="8M"`, `version="a">`));
    expect(quota(run, "test", "ram").assigned).toBe(8 * M);
    expect(quota(run, "test", "ram").quota).toBeGreaterThan(7 * M);
  });

  it("a child holding more than its lowered quota gets a yield request; once it released, init takes the rest", async () => {
    const consume = `version="c"> <handle_yield_requests/> <consume_ram amount="2M"/>`;
    const run = await boot(dummy("test", `ram="4M"`, consume));
    expect(run.lines).toContain("[init -> init -> test] consume 2M bytes of memory");
    expect(quota(run, "test", "ram").avail).toBeLessThan(2 * M);

    const after = await reconfigure(run, dummy("test", `ram="2M"`, consume));
    expect(after.filter((l) => l.startsWith("[init -> init -> test]"))).toEqual([
      "[init -> init -> test] got yield request",
      "[init -> init -> test] release 2M bytes of memory",
    ]);
    expect(quota(run, "test", "ram").assigned).toBe(2 * M);
    expect(quota(run, "test", "ram").quota).toBeLessThan(2 * M);
  });

  it("the same for caps: yield, release, withdrawal", async () => {
    const consume = `version="c"> <handle_yield_requests/> <consume_caps amount="100"/>`;
    const run = await boot(dummy("test", `caps="200" ram="4M"`, consume));
    const after = await reconfigure(run, dummy("test", `caps="100" ram="4M"`, consume));
    expect(after.filter((l) => l.startsWith("[init -> init -> test]"))).toEqual([
      "[init -> init -> test] got yield request",
      "[init -> init -> test] release 100 caps",
    ]);
    expect(quota(run, "test", "caps").assigned).toBe(100);
    expect(quota(run, "test", "caps").quota).toBeLessThan(100);
  });

  it("a child without a yield handler is not asked twice; init keeps what it could not take", async () => {
    const consume = `version="c"> <consume_ram amount="2M"/>`;
    const run = await boot(dummy("test", `ram="4M"`, consume));
    const after = await reconfigure(run, dummy("test", `ram="2M"`, consume));
    expect(after.filter((l) => l.startsWith("[init -> init -> test]"))).toEqual([]);
    // What it holds it keeps: assigned stays above the configured amount.
    expect(quota(run, "test", "ram").assigned).toBeGreaterThan(2 * M);
    expect(run.sys.faults).toEqual([]);
  });
});

describe("resource requests (SEMANTICS.md §7 Q7)", () => {
  it("a child short of RAM asks; init logs it and reports `requested`; a raised quota answers it", async () => {
    const consume = `version="r"> <consume_ram amount="4M"/> <log string="got it"/>`;
    const run = await boot(dummy("test", `ram="2M"`, consume));
    const request = run.lines.find((l) => l.includes(`child "test" requests resources: `));
    expect(request, run.lines.join("\n")).toMatch(/^\[init -> init\] child "test" requests resources: ram_quota=\d+$/);
    expect(quota(run, "test", "ram").requested).toBeGreaterThan(4 * M);
    expect(run.lines).not.toContain("[init -> init -> test] got it");

    const after = await reconfigure(run, dummy("test", `ram="6M"`, consume));
    expect(after).toContain("[init -> init -> test] got it");
    const ram = quota(run, "test", "ram");
    expect(ram.assigned).toBe(6 * M);
    expect(ram.quota).toBeGreaterThan(5 * M);
    expect(ram.requested).toBeUndefined();
  });

  it("caps likewise", async () => {
    const consume = `version="r"> <consume_caps amount="100"/> <log string="got them"/>`;
    const run = await boot(dummy("test", `caps="100" ram="2M"`, consume));
    expect(run.lines.some((l) => /^\[init -> init\] child "test" requests resources: cap_quota=\d+$/.test(l)), run.lines.join("\n")).toBe(true);
    expect(quota(run, "test", "caps").requested).toBeGreaterThan(1);
    const after = await reconfigure(run, dummy("test", `caps="200" ram="2M"`, consume));
    expect(after).toContain("[init -> init -> test] got them");
    expect(quota(run, "test", "caps").quota).toBeGreaterThan(100);
  });
});

describe("session quota upgrade (SEMANTICS.md §5 P5)", () => {
  const server = `<start name="server" ram="1M"> <binary name="dummy"/> <provides> <service name="LOG"/> </provides>
    <config> <log_service/> </config> </start>`;
  const client = (body: string) => `<start name="client" ram="4M"> <binary name="dummy"/> <config version="${body.length}"> ${body} </config>
    <route> <service name="LOG" label="0"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>`;

  it("moves the quota from the client to the server, which is told; a close gives it all back", async () => {
    const run = await boot(server + client(`<create_log_connections count="1" ram_upgrade="1M"/>`), fullReport);
    expect(run.lines).toContain("[init -> init -> server] received session quota upgrade");
    expect(run.lines).toContain("[init -> init -> client] created all LOG connections");
    // The server's session shows what the client donated in all: its request and the upgrade.
    expect(quota(run, "server", "session", `label="client -&gt; 0"`).ram).toBeGreaterThan(1 * M);
    expect(quota(run, "server", "ram").quota).toBeGreaterThan(1 * M);
    expect(quota(run, "client", "ram").avail).toBeLessThan(3 * M);

    await reconfigure(run, server + client(`<destroy_log_connections/>`), fullReport);
    expect(childNode(run, "server")).not.toContain(`label="client -&gt; 0"`);
    expect(quota(run, "server", "ram").quota).toBeLessThan(1 * M);
    expect(quota(run, "client", "ram").avail).toBeGreaterThan(3 * M);
  });

  it("an upgrade the client cannot pay is refused and moves nothing", async () => {
    const run = await boot(server + client(`<create_log_connections count="1" ram_upgrade="8M"/> <log string="went on"/>`), fullReport);
    expect(run.lines).not.toContain("[init -> init -> server] received session quota upgrade");
    expect(run.lines.some((l) => l.startsWith("[init -> init -> client] Warning: upgrade of connection 0 failed")), run.lines.join("\n")).toBe(true);
    expect(quota(run, "server", "ram").quota).toBeLessThan(1 * M);
  });
});
