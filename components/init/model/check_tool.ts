// `check`: every problem of a config (XML or HID) with its line, or a summary of its starts.
import { parseConfig } from "../../lib/config/parse.ts";
import { formatBytes, prefixedLabel } from "../../lib/strings.ts";
import { ToolAnswer, ToolStatus } from "./answer.ts";
import { Checker, byLine } from "./check.ts";
import { InitConfig, initConfigNodes, readInitConfig } from "./config_model.ts";

function pad(s: string, width: i32): string {
  return s.length >= width ? s : s.padEnd(width, " ");
}

/** Rows of the summary: every start, nested inits' starts named "outer -> inner". */
function collectRows(config: InitConfig, prefix: string, rows: Array<Array<string>>): void {
  for (let i = 0; i < config.starts.length; i++) {
    const s = unchecked(config.starts[i]);
    rows.push([prefixedLabel(prefix, s.name), s.binary, formatBytes(s.ram), s.caps.toString(), s.provides.join(" ")]);
    const nested = s.nestedConfig;
    if (nested !== null) collectRows(readInitConfig(nested), prefixedLabel(prefix, s.name), rows);
  }
}

/** A table of the starts with RAM, caps, binary and services, and init's totals. */
function summary(config: InitConfig): string {
  const rows = new Array<Array<string>>();
  rows.push(["start", "binary", "ram", "caps", "provides"]);
  collectRows(config, "", rows);
  const widths = [0, 0, 0, 0, 0];
  for (let r = 0; r < rows.length; r++) for (let c = 0; c < 5; c++) widths[c] = max(widths[c], rows[r][c].length);
  const lines = new Array<string>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = "";
    for (let c = 0; c < 4; c++) line += pad(row[c], widths[c] + 2);
    lines.push((line + row[4]).trimEnd());
  }
  let ram: u64 = 0, caps: u64 = 0;
  for (let i = 0; i < config.starts.length; i++) {
    ram += config.starts[i].ram;
    caps += config.starts[i].caps;
  }
  const n = config.starts.length;
  lines.push(n.toString() + (n == 1 ? " start: " : " starts: ") + formatBytes(ram) + " RAM, " + caps.toString() + " caps; init keeps "
    + formatBytes(config.preserveRam) + " RAM, " + config.preserveCaps.toString() + " caps");
  return lines.join("\n");
}

/**
 * Checks a config (XML or HID), or each <init_config> of a test-init script. `binaries`: the
 * binary names a start may use, or null for any. One "LINE: message" per error (status Problems),
 * or a summary; either way "LINE: warning: message" and "LINE: note: message" lines, which change
 * no status (what Genode's init runs without complaint is never an error).
 */
export function checkConfig(text: string, binaries: Array<string> | null): ToolAnswer {
  const parsed = parseConfig(text);
  const root = parsed.node;
  if (!parsed.ok() || root === null) return new ToolAnswer(ToolStatus.Problems, parsed.line.toString() + ":" + parsed.column.toString() + ": " + parsed.error);
  const checker = new Checker(binaries);
  const configs = initConfigNodes(root);
  const models = new Array<InitConfig>();
  for (let i = 0; i < configs.length; i++) models.push(checker.checkConfig(configs[i], ""));
  const problems = checker.sorted();
  const warnings = checker.sortedWarnings();
  if (problems.length > 0) {
    const all = problems.concat(warnings).sort(byLine);
    const lines = new Array<string>();
    for (let i = 0; i < all.length; i++) lines.push(all[i].toString());
    return new ToolAnswer(ToolStatus.Problems, lines.join("\n"));
  }
  // Warnings and notes change no status: they come first, then the summary.
  let head = "";
  for (let i = 0; i < warnings.length; i++) head += warnings[i].toString() + "\n";
  if (models.length == 1) return new ToolAnswer(ToolStatus.Fine, head + summary(models[0]));
  const parts = new Array<string>();
  for (let i = 0; i < models.length; i++) {
    const m = models[i];
    let head = "init_config " + (i + 1).toString() + " (line " + m.node.line.toString();
    if (m.version.length > 0) head += ", version \"" + m.version + "\"";
    parts.push(head + ")\n" + summary(m));
  }
  return new ToolAnswer(ToolStatus.Fine, head + parts.join("\n\n"));
}
