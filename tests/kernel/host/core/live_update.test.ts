// Live update through core's Update service: a server with state hooks swapped while a client calls it every 10 ms; a bad version rolled back in its probation; put back by hand.
import { describe, expect, it } from "vitest";
import { SwapState } from "../../../../components/update_session/protocol.ts";
import { startSystem, testComponent, waitFor, type Run } from "../../../support/system.ts";

const DIR = "tests/kernel/host/core/assembly";

async function roms(): Promise<Record<string, Uint8Array>> {
  return {
    "update_client.wasm": await testComponent(`${DIR}/update_client.ts`),
    "counter.wasm": await testComponent(`${DIR}/counter.ts`),
    "counter_faulty.wasm": await testComponent(`${DIR}/counter_faulty.ts`),
    "counter_late.wasm": await testComponent(`${DIR}/counter_late.ts`),
    "hello_caller.wasm": await testComponent(`${DIR}/hello_caller.ts`),
  };
}

/** timer, the counter (probation `probation` ms), its caller, and the updater swapping it to `binary` after 55 ms. */
function config(binary: string, probation: number, back = false): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Update"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="counter" probation_ms="${probation}"> <provides> <service name="Hello"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="caller"> <binary name="hello_caller"/>
    <route> <service name="Hello"> <child name="counter"/> </service> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="updater" ram="2M"> <binary name="update_client"/> <config> <job swap="counter" binary="${binary}" delay="55"${back ? ` back="1"` : ""}/> </config>
    <route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** The caller's answers: [call number, the sum or the error, the server's count]. */
function answers(run: Run): { n: number; answer: string; count: number }[] {
  return linesOf(run, "caller").map((l) => {
    const m = /^(\d+): (?:(\d+) after (\d+) calls|failed (\w+))$/.exec(l);
    expect(m, l).not.toBeNull();
    return { n: Number(m![1]), answer: m![2] ?? m![4]!, count: Number(m![3] ?? -1) };
  });
}

describe("live update of a server its client calls every 10 ms", () => {
  it("swaps in a new version with the old one's state: no call lost, the count goes on", async () => {
    const run = await startSystem(config("counter.wasm", 1000), await roms());
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> updater] swap:")));
    expect(linesOf(run, "updater")).toEqual([expect.stringMatching(/^swap: stage=Ok Ok counter: swapped in place \(state kept: \d+ bytes\)$/)]);
    const at = answers(run).length;
    await waitFor(run, () => answers(run).length >= at + 10);
    const all = answers(run);
    // Every call answered 7; the server's count (two calls each: Add and Count) never restarted.
    expect(all.every((a) => a.answer === "7")).toBe(true);
    for (let i = 0; i < all.length; i++) expect(all[i]!.count).toBe(2 * (i + 1));
    expect(run.lines.some((l) => /^\[core\] init -> counter: swapped in place to counter\.wasm \(sha256 [0-9a-f]{12}, version 2\)/.test(l))).toBe(true);
    expect(run.sys.faults).toEqual([]);
  });

  it("rolls a version that faults in its probation back to the old one, as it was at the swap; the client is answered again", async () => {
    const run = await startSystem(config("counter_faulty.wasm", 1000), await roms());
    await waitFor(run, (lines) => lines.some((l) => l.includes("rolled back to version 1")));
    const at = answers(run).length;
    await waitFor(run, () => answers(run).length >= at + 5);
    const all = answers(run);
    // One call met the bad version's trap; the rest were answered, by the old code with its count.
    expect(all.filter((a) => a.answer !== "7").map((a) => a.answer)).toEqual(["Dead"]);
    const after = all.slice(all.findIndex((a) => a.answer === "Dead") + 1);
    expect(after.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < after.length; i++) expect(after[i]!.count).toBe(after[i - 1]!.count + 2);
    expect(run.lines.some((l) => /^\[core\] init -> counter: rolled back to version 1 \(sha256 [0-9a-f]{12}\): version 2 faulted in its probation: /.test(l))).toBe(true);
    // The fault was absorbed: counter's PD lives on, init saw no fault.
    expect(run.lines.some((l) => l.includes(`child "counter" faulted`))).toBe(false);
  });

  it("lets a version that faults after its probation die as any fault; one that faults again after a restart is held at the last good version", async () => {
    const run = await startSystem(config("counter_late.wasm", 30), await roms());
    const faulted = () => run.lines.filter((l) => l === `[init] child "counter" faulted`).length;
    await waitFor(run, () => faulted() === 1);
    // Past its probation: no rollback; the PD died, as any faulting component's.
    expect(run.lines.some((l) => l.includes("rolled back"))).toBe(false);
    expect(answers(run).some((a) => a.answer !== "7")).toBe(true);
    // Its start changes (a new version attribute): init restarts it, and core hands it the code it ran, the bad version.
    const restart = (v: number) => run.core.updateRom("config", new TextEncoder().encode(
      config("counter_late.wasm", 30).replace(`<start name="counter"`, `<start name="counter" version="${v}"`).replace(`<start name="caller"`, `<start name="caller" version="${v}"`)));
    restart(2);
    await waitFor(run, () => faulted() === 2);
    expect(run.lines.some((l) => /^\[core\] init -> counter: held at version 1 \(sha256 [0-9a-f]{12}\): version 2 faulted 2 times: /.test(l)), run.lines.join("\n")).toBe(true);
    // Started again, it runs the last good version: its client is answered from then on, nothing faults.
    restart(3);
    const before = answers(run).length, faults = run.sys.faults.length;
    await waitFor(run, () => answers(run).length >= before + 40);
    expect(answers(run).slice(before).every((a) => a.answer === "7")).toBe(true);
    expect(run.sys.faults.length).toBe(faults);
    const held = run.core.live.entries.find((r) => r.label === "init -> counter");
    expect(held).toMatchObject({ state: SwapState.Held, version: 2 });
  });

  it("puts the previous version back by hand (swap --back) with the running one's state", async () => {
    const run = await startSystem(config("counter.wasm", 1000, true), await roms());
    await waitFor(run, (lines) => lines.some((l) => l.startsWith("[init -> updater] back:")));
    expect(linesOf(run, "updater")[1]).toMatch(/^back: Ok counter: back to version 1 \(sha256 [0-9a-f]{12}\) with its state \(\d+ bytes\)$/);
    const at = answers(run).length;
    await waitFor(run, () => answers(run).length >= at + 5);
    const all = answers(run);
    for (let i = 0; i < all.length; i++) expect(all[i]!.count).toBe(2 * (i + 1));
    expect(run.sys.faults).toEqual([]);
  });
});
