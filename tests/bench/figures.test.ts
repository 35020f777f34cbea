// The bench's report: each figure's baseline under KEY_baseline, the ratio and what Wasmode adds in the table, skips told apart from failures.
import { describe, expect, it } from "vitest";
import { type Figure, added, ratio, results, table } from "../../bench/figures.ts";
import { alternate, summarize } from "../../bench/stats.ts";

const s = (...xs: number[]) => summarize(xs);

const shell: Figure = { key: "shell_boot_ms", value: s(200, 210, 220), baseline: s(50, 60, 70), kind: "cost", goal: "<= 150 added", baselineIs: "`node -e 0`" };
const fsRate: Figure = { key: "fs_write_read_mb_s", value: s(100), baseline: s(4000), kind: "rate", goal: ">= 50", baselineIs: "Node's own files" };
const fuel: Figure = { key: "fuel_overhead_pct", value: s(4), baseline: s(1), kind: "percent", goal: "<= 5", baselineIs: "a second unmetered instance" };
const route: Figure = { key: "route_request_us", value: s(2), kind: "cost", goal: "(measured)", baselineIs: "none: init's own work" };
const page: Figure = { key: "page_prompt_ms", value: null, baseline: null, kind: "cost", goal: "<= 1000", baselineIs: "a blank page", skipped: "no browser: no chromium at /usr/bin/chromium" };
const failed: Figure = { key: "boot_ms", value: null, baseline: null, kind: "cost", goal: "<= 100", baselineIs: "kernel.wasm alone" };

const row = (text: string, key: string) => text.split("\n").find((l) => l.startsWith(key + " "))!.split(/\s{2,}/);

describe("bench figures", () => {
  it("writes each baseline beside its figure as KEY_baseline, and no baseline key for a figure without one", () => {
    const r = results([shell, fsRate, fuel, route]);
    expect(r).toEqual({
      shell_boot_ms: 210, shell_boot_ms_baseline: 60,
      fs_write_read_mb_s: 100, fs_write_read_mb_s_baseline: 4000,
      fuel_overhead_pct: 4, fuel_overhead_pct_baseline: 1,
      route_request_us: 2,
    });
  });

  it("leaves a skipped or failed figure null, and says why a figure was skipped", () => {
    const r = results([page, failed]);
    expect(r.page_prompt_ms).toBeNull();
    expect(r.page_prompt_ms_baseline).toBeNull();
    expect(r.boot_ms).toBeNull();
    expect(r.skipped).toEqual({ page_prompt_ms: "no browser: no chromium at /usr/bin/chromium" });
  });

  it("compares a cost by ratio and difference, a rate by ratio only, a percent by difference only", () => {
    expect(ratio(shell)).toBeCloseTo(3.5);
    expect(added(shell)).toBe(150);
    expect(ratio(fsRate)).toBe(0.025);
    expect(added(fsRate)).toBeNull();
    expect(ratio(fuel)).toBeNull();
    expect(added(fuel)).toBe(3);
    expect(ratio(route)).toBeNull();
    expect(added(route)).toBeNull();
  });

  it("prints value, baseline, ratio and what is added, and what each baseline is", () => {
    const text = table([shell, fsRate, route, page, failed]);
    expect(row(text, "shell_boot_ms")).toEqual(["shell_boot_ms", "210", "200..220 (3)", "60.0", "3.50x", "+150", "<= 150 added"]);
    expect(row(text, "fs_write_read_mb_s").slice(3, 5)).toEqual(["4000", "0.025x"]);
    expect(row(text, "route_request_us")[3]).toBe("none");
    expect(row(text, "page_prompt_ms").slice(1, 3)).toEqual(["SKIPPED", "SKIPPED"]);
    expect(row(text, "boot_ms").slice(1, 3)).toEqual(["FAILED", "FAILED"]);
    expect(text).toMatch(/^ {2}shell_boot_ms +`node -e 0`$/m);
    expect(text).toMatch(/^ {2}route_request_us +none: init's own work$/m);
    expect(text).toMatch(/Skipped[^\n]*\n {2}page_prompt_ms +no browser: no chromium at \/usr\/bin\/chromium$/);
  });
});

describe("alternate", () => {
  it("runs a figure and its baseline the same number of times, swapping which goes first, and drops the warm-up", async () => {
    const order: string[] = [];
    let n = 0;
    const r = await alternate(3, 1, async () => { order.push("v"); return n++; }, async () => { order.push("b"); return n++; });
    expect(order).toEqual(["v", "b", "b", "v", "v", "b", "b", "v"]);
    expect(r).toEqual({ value: [3, 4, 7], baseline: [2, 5, 6] });
  });
});
