// What an instance costs the host by its module's shape counts against the RAM quota: refused at load when it does not fit, charged while it runs.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Component } from "../../../kernel/host/component.ts";
import { COSTS, readShape, shapeCost } from "../../../kernel/host/instance_cost.ts";
import { checkModule, ENGINE_LIMITS, MAX_TYPES } from "../../../kernel/host/module_check.ts";
import { LoadError } from "../../../kernel/host/errors.ts";
import { component, encodeModule, I32, type ModuleDesc, s32, u32 } from "../../../fuzz/wasm_module.ts";
import { bootImage, initConfig, runSystem, startSystem, waitFor } from "../../support/system.ts";
import { repoRoot } from "../../support/paths.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const TICKS = 10;
/** A healthy neighbour: logs a tick every 10 ms of (virtual) time. */
const TICKER = `<start name="ticker"> <binary name="dummy"/> <config> ${Array.from({ length: TICKS }, (_, i) => `<log string="tick ${i}"/> <sleep ms="10"/>`).join(" ")} </config> </start>`;

/** A component of `extra`'s shape whose start exits with 7. */
function shaped(extra: ModuleDesc): Uint8Array {
  return encodeModule(component({ min: 1 }, [0x41, ...s32(7), 0x10, 0], extra));
}

const N = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The shapes, each with the part of its refusal that names it. */
const SHAPES: [string, () => Uint8Array, RegExp][] = [
  ["100,000 tiny functions", () => shaped({ functions: N(100_000).map(() => ({ type: 0, body: [0x0b] })) }), /its 100001 functions take 100001 KiB of host memory/],
  ["nearly 1,000,000 globals", () => shaped({ globals: N(999_990).map(() => ({ type: I32, mutable: true, init: [0x41, 0, 0x0b] })) }), /its 999991 globals take 62500 KiB/],
  ["a passive data segment of 16 MiB", () => shaped({ dataCount: 1, data: [[1, ...u32(1 << 24), ...new Uint8Array(1 << 24)]] }), /its 1677\d{4} bytes take 1638\d KiB/],
  ["50,000 exports of one function", () => shaped({ exports: N(50_000).map((i) => ({ name: `e${i}`, kind: "func" as const, index: 2 })) }), /its 50002 exports take 18751 KiB/],
  ["50,000 imports of a syscall", () => shaped({ imports: N(50_000).map(() => ({ module: "wasmode", name: "signal", kind: "func" as const, type: 2 })) }), /its 50003 imports take 15626 KiB/],
  ["a passive element segment of 1,000,000 entries", () => shaped({ elements: [[1, 0, ...u32(1_000_000), ...new Uint8Array(1_000_000).fill(2)]] }), /its 1000000 element entries take 15625 KiB/],
];

describe("a module's shape and the RAM quota", () => {
  it.each(SHAPES)("%s: refused under a 1 MiB quota, naming what and how much; runs with enough; the neighbour ticks on", async (_, make, named) => {
    const bytes = make();
    const need = Math.ceil((shapeCost(readShape(bytes)).bytes + 65536) / 2 ** 20) + 2;
    const run = await runSystem(initConfig(`<start name="small" ram="1M"> <binary name="shape"/> </start>
      <start name="big" ram="${need}M"> <binary name="shape"/> </start> ${TIMER} ${TICKER}`), { shape: bytes });
    const refusal = run.lines.find((l) => l.startsWith(`[init] child "small" not started: `));
    expect(refusal, run.lines.join("\n")).toMatch(named);
    expect(refusal).toMatch(/with its memory \(64 KiB\) and the rest of its shape \(\d+ KiB\) an instance needs \d+ KiB but "init -> small" has a RAM quota of 1012 KiB$/);
    expect(run.lines).toContain(`[init] child "big" exited with exit value 7`);
    expect(run.sys.faults).toEqual([]);
    expect(run.lines.filter((l) => l.startsWith("[init -> ticker] tick "))).toHaveLength(TICKS);
  });

  it("charges a running component its shape with its memory and tables, from its start", async () => {
    const bytes = shaped({ globals: N(1000).map(() => ({ type: I32, mutable: true, init: [0x41, 0, 0x0b] })), tables: [{ ref: 0x70, limits: { min: 4, max: 4 } }] });
    const checked = checkModule("shape", bytes);
    expect(checked.shape).toMatchObject({ globals: 1001, functions: 1, exports: 2, imports: 3, types: 3, bytes: bytes.length });
    expect(checked.shapeBytes).toBe(shapeCost(checked.shape).bytes);
    expect(checked.shapeBytes).toBeGreaterThanOrEqual(COSTS.instance + 1001 * COSTS.global + bytes.length * COSTS.byte);
    expect(checked.hostBytes).toBe(checked.tableBytes + checked.shapeBytes);
    // The ticker, alive and sleeping: the kernel counts its memory, tables and shape.
    const run = await startSystem(initConfig(`${TIMER} ${TICKER}`));
    await waitFor(run, (lines) => lines.includes("[init -> ticker] tick 1"));
    const ticker = run.sys.servers.find((s) => s?.label === "init -> ticker");
    expect(ticker).toBeInstanceOf(Component);
    const c = ticker as Component;
    expect(c.module.shapeBytes).toBe(shapeCost(readShape((await bootImage()).get("dummy.wasm")!)).bytes);
    expect(c.ramBytes).toBe(c.memoryBytes + c.dataspaceBytes + c.tableBytes + c.module.shapeBytes);
    expect(run.sys.k.k_ram_usage(c.pd)).toBe(c.ramBytes);
  });

  it("the image's components fit the quotas they are given: each costs by its shape under its RAM in the default system, else under 1 MiB", async () => {
    // <start name="X" ram="4M">, with <binary name="Y"/> where the binary is another.
    const quotas = new Map<string, number>();
    const system = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    for (const m of system.matchAll(/<start name="([^"]+)"([^>]*)>([\s\S]*?)<\/start>/g)) {
      const ram = /ram="(\d+)M"/.exec(m[2]!)?.[1];
      const binary = /<binary name="([^"]+)"/.exec(m[3]!)?.[1] ?? m[1]!;
      if (ram) quotas.set(`${binary}.wasm`, Math.max(quotas.get(`${binary}.wasm`) ?? 0, Number(ram) << 20));
    }
    expect(quotas.get("shell.wasm")).toBeGreaterThan(0);
    for (const [name, bytes] of await bootImage()) {
      if (!name.endsWith(".wasm") || name === "kernel.wasm") continue;
      expect(shapeCost(readShape(bytes)).bytes, name).toBeLessThan(quotas.get(name) ?? 1 << 20);
    }
  });

  it("refuses a module the fuel rewrite would take past the engine's limits, naming the count, at any quota", () => {
    const bytes = shaped({ globals: N(999_999).map(() => ({ type: I32, mutable: false, init: [0x41, 0, 0x0b] })) });
    expect(() => checkModule("globals.wasm", bytes)).toThrow(
      `globals.wasm: declares 1000000 globals; with the 2 the fuel rewrite adds, more than the engine's limit of ${ENGINE_LIMITS.globals}`,
    );
  });

  it(`refuses more than ${MAX_TYPES} function types before the engine sees them`, () => {
    const types = N(MAX_TYPES + 1).map((i) => ({ params: N(13).map((b) => ((i >> b) & 1 ? 0x7e : I32)), results: [] }));
    const bytes = encodeModule({ types });
    const t0 = performance.now();
    expect(() => checkModule("types.wasm", bytes)).toThrow(LoadError);
    expect(() => checkModule("types.wasm", bytes)).toThrow(`types.wasm: declares ${MAX_TYPES + 1} function types; a component may declare at most ${MAX_TYPES}`);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
