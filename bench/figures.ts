// The bench's figures, each beside its baseline from the same run: the printed table and what bench/results.json holds.
import type { Summary } from "./stats.ts";

/**
 * How a figure compares with its baseline. "cost" (a time, a size): the ratio, and the difference,
 * which is what Wasmode adds; "rate" (MB/s): the ratio only, a difference of rates being no work;
 * "percent" (already relative to something): the difference only.
 */
export type Kind = "cost" | "rate" | "percent";

export interface Figure {
  /** The key in bench/results.json, as the issues name it; its baseline goes under `KEY_baseline`. */
  key: string;
  /** The samples' summary; null when the bench failed or was skipped. */
  value: Summary | null;
  /**
   * The same measure, in the same run, over the same repetitions, of the nearest thing without
   * Wasmode's work; absent when the figure has none (`baselineIs` says why), null when it failed.
   */
  baseline?: Summary | null;
  /** What the baseline is, or why there is none. */
  baselineIs: string;
  kind: Kind;
  /** The goal as the issues state it. */
  goal: string;
  /** Why the figure was not measured (no browser, say): it stays null in the results. */
  skipped?: string;
}

/** Three significant digits or so: 1234, 56.7, 8.90. */
export const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** value / baseline, when both were measured and the baseline is not zero. */
export function ratio(f: Figure): number | null {
  if (f.kind === "percent" || !f.value || !f.baseline || f.baseline.median === 0) return null;
  return f.value.median / f.baseline.median;
}

/** value - baseline, for costs and percents: what Wasmode adds to the baseline. */
export function added(f: Figure): number | null {
  if (f.kind === "rate" || !f.value || !f.baseline) return null;
  return f.value.median - f.baseline.median;
}

function state(f: Figure): string {
  return f.skipped ? "SKIPPED" : "FAILED";
}

/** The table `npm run bench` prints: one row per figure, then what each baseline is and what was skipped. */
export function table(figures: Figure[]): string {
  const head = ["key", "median", "min..max (n)", "baseline", "ratio", "added", "goal"];
  const body = figures.map((f) => {
    const r = ratio(f), a = added(f);
    const baseline = f.baseline === undefined ? "none" : f.baseline ? fmt(f.baseline.median) : state(f);
    return [
      f.key,
      f.value ? fmt(f.value.median) : state(f),
      f.value ? `${fmt(f.value.min)}..${fmt(f.value.max)} (${f.value.n})` : "",
      baseline,
      r === null ? "" : `${r < 1 ? r.toPrecision(2) : fmt(r)}x`,
      a === null ? "" : `${a > 0 ? "+" : ""}${fmt(a)}`,
      f.goal,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const numeric = new Set([1, 2, 3, 4, 5]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const keyWidth = widths[0]!;
  const legend = figures.map((f) => `  ${f.key.padEnd(keyWidth)}  ${f.baselineIs}`);
  const skipped = figures.filter((f) => f.skipped).map((f) => `  ${f.key.padEnd(keyWidth)}  ${f.skipped}`);
  return [
    line(head),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
    "",
    "ratio = median / baseline; added = median - baseline, what Wasmode adds. Each baseline is measured in this run, over the same repetitions:",
    ...legend,
    ...(skipped.length ? ["", "Skipped (null in bench/results.json):", ...skipped] : []),
  ].join("\n");
}

/** bench/results.json: each figure's median under its key, its baseline's under KEY_baseline, null where not measured; `skipped` names why. */
export function results(figures: Figure[]): Record<string, number | null | Record<string, string>> {
  const out: Record<string, number | null | Record<string, string>> = {};
  for (const f of figures) {
    out[f.key] = f.value?.median ?? null;
    if (f.baseline !== undefined) out[`${f.key}_baseline`] = f.baseline?.median ?? null;
  }
  const skipped = figures.filter((f) => f.skipped);
  if (skipped.length) out.skipped = Object.fromEntries(skipped.map((f) => [f.key, f.skipped!]));
  return out;
}
