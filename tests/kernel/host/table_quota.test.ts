// Tables count against the RAM quota: refused at load when they do not fit, bounded at run time, charged while they live.
import { describe, expect, it } from "vitest";
import { Component } from "../../../kernel/host/component.ts";
import { initConfig, runSystem, startSystem, waitFor, wat } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const TICKS = 10;
/** A healthy neighbour: logs a tick every 10 ms of (virtual) time. */
const TICKER = `<start name="ticker"> <binary name="dummy"/> <config> ${Array.from({ length: TICKS }, (_, i) => `<log string="tick ${i}"/> <sleep ms="10"/>`).join(" ")} </config> </start>`;

/** A component with `tables` (WebAssembly text) whose start runs `body`. */
function withTables(tables: string, body = ""): Promise<Uint8Array> {
  return wat(`(module
  (import "env" "memory" (memory 1))
  (import "wasmode" "exit" (func $exit (param i32)))
  ${tables}
  (global (export "__ipc_buffer") i32 (i32.const 1024))
  (func (export "_start") ${body}))`);
}

/** The running component labelled `label`. */
function component(run: Awaited<ReturnType<typeof runSystem>>, label: string): Component {
  const pd = [...run.core.labels].find(([, l]) => l === label)?.[0];
  const c = pd === undefined ? undefined : run.sys.server(pd);
  if (!(c instanceof Component)) throw new Error(`no component "${label}"`);
  return c;
}

describe("tables and the RAM quota", () => {
  it("refuses four tables of 10^7 entries under a 1 MiB quota, naming the table and the sizes; the neighbour ticks on", async () => {
    const big = await withTables(`(table 10000000 funcref) (table 10000000 funcref) (table 10000000 funcref) (table 10000000 funcref)`);
    const run = await runSystem(initConfig(`<start name="big" ram="1M"/> ${TIMER} ${TICKER}`), { big });
    expect(run.lines).toContain(
      `[init] child "big" not started: big: table 0 (up to 10000000 funcref entries) takes 312501 KiB of host memory; with its memory (64 KiB) the module needs 312565 KiB but "init -> big" has a RAM quota of 1012 KiB`,
    );
    expect(run.sys.refused.map((r) => r.label)).toEqual(["init -> big"]);
    expect(run.lines.filter((l) => l.startsWith("[init -> ticker] tick "))).toHaveLength(TICKS);
  });

  it("refuses a table declared with a huge maximum, though its initial size is small", async () => {
    const big = await withTables(`(table 1 100000000 externref)`);
    const run = await runSystem(initConfig(`<start name="big"/>`), { big });
    expect(run.lines).toContain(
      `[init] child "big" not started: big: table 0 (up to 100000000 externref entries) takes 781251 KiB of host memory; with its memory (64 KiB) the module needs 781315 KiB but "init -> big" has a RAM quota of 1012 KiB`,
    );
  });

  it("refuses 10,000 small tables by their per-table overhead, naming the first that does not fit", async () => {
    const many = await withTables(`(table 1 funcref)`.repeat(10_000));
    const run = await runSystem(initConfig(`<start name="many"/>`), { many });
    const line = run.lines.find((l) => l.startsWith(`[init] child "many" not started: `));
    expect(line, run.lines.join("\n")).toMatch(
      /many: table (\d+) \(up to 1 funcref entries\) takes 2 KiB of host memory; with its memory \(64 KiB\) and the \1 tables before it the module needs \d+ KiB but "init -> many" has a RAM quota of 1012 KiB$/,
    );
    const index = Number(/table (\d+)/.exec(line!)![1]);
    expect(index).toBeGreaterThan(500);
    expect(index).toBeLessThan(1000);
  });

  it("charges a running component its tables' maxima, with its memory", async () => {
    const small = await withTables(`(table 10 200 funcref) (table 5 externref)`);
    const run = await runSystem(initConfig(`<start name="small"/>`), { small });
    const c = component(run, "init -> small");
    expect(c.tableBytes).toBe(1024 + 200 * 32 + 1024 + 5 * 8);
    expect(c.ramBytes).toBe(c.memoryBytes + c.tableBytes + c.module.shapeBytes);
    expect(run.sys.faults).toEqual([]);
  });

  it("a table grown at run time past its bound gets -1, again and again; the component runs on and the neighbour ticks", async () => {
    // Tries 10,000 times to add 10^6 entries to a table of 1 (no maximum) and 10^7 to one of 1 up to 100,
    // then exits with both sizes: 1 and 100 when nothing grew past what was charged.
    const grower = await withTables(`(table $a 1 funcref) (table $b 1 100 funcref)`, `(local $i i32) (local $r i32)
      (drop (table.grow $b (ref.null func) (i32.const 99)))
      (loop $again
        (local.set $r (i32.and
          (i32.eq (table.grow $a (ref.null func) (i32.const 1000000)) (i32.const -1))
          (i32.eq (table.grow $b (ref.null func) (i32.const 10000000)) (i32.const -1))))
        (if (i32.eqz (local.get $r)) (then (call $exit (i32.const 99))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $i) (i32.const 10000))))
      (call $exit (i32.add (i32.mul (table.size $a) (i32.const 1000)) (table.size $b)))`);
    const run = await startSystem(initConfig(`<start name="grower"/> ${TIMER} ${TICKER}`), { grower });
    await waitFor(run, (lines) => lines.includes(`[init -> ticker] tick ${TICKS - 1}`), 1000);
    expect(run.lines).toContain(`[init] child "grower" exited with exit value 1100`);
    expect(run.lines.filter((l) => l.startsWith("[init -> ticker] tick "))).toHaveLength(TICKS);
    expect(run.sys.faults).toEqual([]);
  });
});
