// Core's Update service against its clients: a hostile one's malformed and forbidden requests, one without the route, a swap of a neighbour without state hooks; a ticker keeps ticking through all of it.
import { describe, expect, it } from "vitest";
import { startSystem, testComponent, waitFor, type Run } from "../../../support/system.ts";

const CLIENT = "tests/kernel/host/core/assembly/update_client.ts";
const TICKER = "bench/components/ticker/main.ts";

function config(clients: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Update"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="ticker" ram="2M"> <route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route> </start>
  ${clients}
</config>`;
}

function client(name: string, job: string, routed = true): string {
  // Without the right: every service it needs, but no route for Update.
  const routes = routed ? `<any-service> <parent/> </any-service>`
    : ["LOG", "ROM", "PD", "CPU"].map((s) => `<service name="${s}"> <parent/> </service>`).join(" ");
  return `<start name="${name}" ram="2M"> <binary name="update_client"/> <config> <job ${job}/> </config> <route> ${routes} </route> </start>`;
}

function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

const ticks = (run: Run) => linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length;

describe("core's Update service", () => {
  it("answers malformed and forbidden requests with errors and changes nothing; the ticker keeps ticking", async () => {
    const roms = { "update_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
    const run = await startSystem(config(client("prober", `hostile="1" swap="ticker"`)), roms);
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> prober] junk:")));
    expect(linesOf(run, "prober")[0]).toBe(
      "answers: gap=Invalid short=BadMsg unstaged=Invalid core=Invalid nosuch=Invalid back=Invalid entry=0 opcode=BadOpcode kernel=Invalid reboot=Denied");
    expect(linesOf(run, "prober")[1]).toMatch(/^junk: stage=Ok swap=Invalid junk\.wasm.*; the running version keeps running$/);
    const before = ticks(run);
    await waitFor(run, () => ticks(run) >= before + 3);
    expect(run.sys.faults).toEqual([]);
  });

  it("swaps in nothing core cannot trust: unsigned, tampered, with a garbled provenance; the ticker keeps ticking", async () => {
    const roms = { "update_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
    const run = await startSystem(config(client("forger", `untrusted="1" swap="ticker"`)), roms);
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> forger] provenance:")));
    const keeps = "; the running version keeps running";
    expect(linesOf(run, "forger")).toEqual([
      `unsigned: forged.wasm: no signed provenance: core runs only binaries signed by a key it trusts (\`trust\` lists them)${keeps}`,
      expect.stringMatching(new RegExp(`^tampered: hello\\.wasm: sha256 [0-9a-f]{12}… does not match its signed provenance${keeps}$`)),
      expect.stringMatching(new RegExp(`^garbled: hello\\.wasm: its envelope is not JSON .*: truncated or malformed${keeps}$`)),
      "provenance: gap=Invalid huge=NoSpace",
    ]);
    expect(run.lines.some((l) => l.includes("swapped") || l.includes("restarting it"))).toBe(false);
    const before = ticks(run);
    await waitFor(run, () => ticks(run) >= before + 3);
    expect(run.sys.faults).toEqual([]);
  });

  it("is denied to a component whose routes do not grant it", async () => {
    const roms = { "update_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
    const run = await startSystem(config(client("intruder", `swap="ticker" binary="ticker.wasm"`, false)), roms);
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> intruder] no Update session")));
    expect(linesOf(run, "intruder")).toEqual(["no Update session: Denied"]);
    expect(run.lines.some((l) => l.includes("swapped") || l.includes("restarting it"))).toBe(false);
  });

  it("restarts a neighbour without state hooks on the new binary; it runs on", async () => {
    const roms = { "update_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
    const run = await startSystem(config(client("updater", `swap="ticker" binary="ticker.wasm"`)), roms);
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> updater] swap:")));
    expect(linesOf(run, "updater")).toEqual(["swap: stage=Ok Ok ticker has no snapshot: restarted, its sessions closed"]);
    expect(run.lines).toContain(`[init] child "ticker" was updated: restarting it`);
    const before = ticks(run);
    await waitFor(run, () => ticks(run) >= before + 3);
    expect(run.sys.faults).toEqual([]);
  });
});
