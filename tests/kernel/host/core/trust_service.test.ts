// Core's Trust service beside a healthy neighbour: a component can list the keys and ask, but only the person at the terminal changes them.
import { describe, expect, it } from "vitest";
import { BufferTerminal } from "../../../../kernel/host/devices/terminal.ts";
import { startSystem, testComponent, waitFor, type Run } from "../../../support/system.ts";

const CLIENT = "tests/kernel/host/core/assembly/trust_client.ts";
const TICKER = "bench/components/ticker/main.ts";

function config(): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Trust"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="ticker" ram="2M"> <route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="mallory" ram="2M"> <binary name="trust_client"/> <route> <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

const linesOf = (run: Run, label: string) => run.lines.filter((l) => l.startsWith(`[init -> ${label}] `)).map((l) => l.slice(label.length + 11));
const ticks = (run: Run) => linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length;

async function boot(terminal?: BufferTerminal): Promise<Run> {
  const roms = { "trust_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
  return startSystem(config(), roms, terminal ? { terminal } : {});
}

describe("core's Trust service", () => {
  it("answers malformed requests with errors; without a person at a terminal nothing can be asked; the ticker ticks on", async () => {
    const run = await boot();
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> mallory] asked:")));
    expect(linesOf(run, "mallory")).toEqual([
      "answers: keys=1 garbage=Invalid long=BadMsg unknown=Invalid short=Invalid cut=BadMsg opcode=BadOpcode past=Invalid",
      "asked: Denied nobody is at a terminal to confirm it (outside Wasmode: wasmode trust add|remove); again: Denied nobody is at a terminal to confirm it (outside Wasmode: wasmode trust add|remove)",
    ]);
    expect(run.core.trust.trustedKeys.map((k) => k.name)).toEqual(["release"]);
    const before = ticks(run);
    await waitFor(run, () => ticks(run) >= before + 3);
    expect(run.sys.faults).toEqual([]);
  });

  it("puts a component's request to the person at the terminal, who refuses it; one question at a time", async () => {
    const terminal = new BufferTerminal(120, 30);
    const run = await boot(terminal);
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> mallory] asked:")));
    expect(linesOf(run, "mallory").at(-1)).toBe("asked: Pending asking at the terminal; again: Pending a question of this session is on the terminal already");
    expect(terminal.text()).toMatch(/\[core\] trust: binaries signed by key [0-9a-f]{12}… \("mallory"\) will run here\. Trust it\? Type yes:/);
    // The ticker runs on while the question waits.
    const before = ticks(run);
    await waitFor(run, () => ticks(run) >= before + 3);
    terminal.type("nope\r");
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> mallory] status:")));
    expect(linesOf(run, "mallory").at(-1)).toBe("status: 3 trust: not changed (the answer was not yes) keys=1");
    expect(run.core.trust.trustedKeys.map((k) => k.name)).toEqual(["release"]);
    expect(run.sys.faults).toEqual([]);
  });
});
