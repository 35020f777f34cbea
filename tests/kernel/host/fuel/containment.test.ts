// A component that runs too long in one activation dies alone, by fuel: its clients get errors, the rest runs on.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem, testComponent, wat } from "../../../support/system.ts";
import { startWith } from "../wat_components.ts";

const SPIN = startWith(`(loop $l (br $l))`);

describe("fuel in a running system", () => {
  it("stops an endless loop in a component's start with a fault naming it, and its sibling still runs", async () => {
    const run = await runSystem(initConfig(`<start name="spin" fuel="100000"/> <start name="hello"/>`), { spin: await wat(SPIN) });
    expect(run.lines).toContain("[core] init -> spin: fault: out of fuel: spent all 100000 units of its budget in one activation (loops, calls, bulk memory work, syscalls)");
    expect(run.lines).toContain("[init -> hello] Hello");
    expect(run.sys.faults.map((f) => f.label)).toEqual(["init -> spin"]);
  });

  it("gives a component the default budget when its start names none", async () => {
    const run = await runSystem(initConfig(`<start name="spin"/>`), { spin: await wat(SPIN) });
    expect(run.lines.some((l) => /^\[core\] init -> spin: fault: out of fuel: spent all \d+ units/.test(l))).toBe(true);
  }, 60_000);
});

describe("other fault classes, contained", () => {
  it("an access past the end of memory is a fault of that component alone", async () => {
    const oob = await wat(startWith(`(drop (i32.load (i32.const 0x7ffffff0)))`));
    const run = await runSystem(initConfig(`<start name="oob"/> <start name="hello"/>`), { oob });
    expect(run.lines).toContain("[core] init -> oob: fault: memory access out of bounds");
    expect(run.lines).toContain("[init -> hello] Hello");
  });

  it("a session flood is stopped by the flooder's own quota; it gets an error code and everyone else runs on", async () => {
    const run = await runSystem(initConfig(`<start name="flood" caps="60"/> <start name="hello"/>`), {
      flood: await testComponent("tests/kernel/host/assembly/flood.ts"),
    });
    const line = run.lines.find((l) => l.startsWith("[init -> flood] refused after "));
    expect(line, run.lines.join("\n")).toMatch(/^\[init -> flood\] refused after \d+ sessions: error -\d+$/);
    expect(Number(/after (\d+)/.exec(line!)![1])).toBeLessThan(60);
    expect(run.lines).toContain("[init -> hello] Hello");
    expect(run.sys.faults).toEqual([]);
  });
});
