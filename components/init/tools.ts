// Entry points of `wasmode check` and `wasmode route` for the host (through @assemblyscript/loader): text in, text out.
import { Node, parseConfig } from "../lib/config/parse.ts";
import { formatBytes } from "../lib/strings.ts";
import { Checker } from "./check.ts";
import { InitConfig, RouteRule, readInitConfig } from "./config_model.ts";
import { RouteDecision, RouteKind, RuleTrace, prefixed, routeRequest } from "./route_model.ts";

/** Name under which the top-level init appears in labels (`[init -> hello]`). */
const TOP_INIT = "init";

let lastStatus: i32 = 0;

/** Outcome of the last call: 0 fine, 1 errors found or request denied, 2 a bad question (no such start or config). */
export function status(): i32 {
  return lastStatus;
}

/** The init configs a file holds: itself, or each <init_config> of a test-init script. */
function initConfigs(root: Node): Array<Node> {
  const scripted = root.childrenOf("init_config");
  if (scripted.length > 0 && root.child("start") === null && root.child("parent-provides") === null) return scripted;
  const single = new Array<Node>();
  single.push(root);
  return single;
}

function pad(s: string, width: i32): string {
  return s.length >= width ? s : s.padEnd(width, " ");
}

/** Rows of the summary: every start, nested inits' starts named "outer -> inner". */
function collectRows(config: InitConfig, prefix: string, rows: Array<Array<string>>): void {
  for (let i = 0; i < config.starts.length; i++) {
    const s = unchecked(config.starts[i]);
    rows.push([prefixed(prefix, s.name), s.binary, formatBytes(s.ram), s.caps.toString(), s.provides.join(" ")]);
    const nested = s.nestedConfig;
    if (nested !== null) collectRows(readInitConfig(nested), prefixed(prefix, s.name), rows);
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

function splitNames(csv: string): Array<string> {
  const out = new Array<string>();
  const parts = csv.replaceAll("\n", ",").split(",");
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

/**
 * Checks a config (XML or HID). `binaries`: known binary names, comma-separated; "*" accepts any.
 * Returns one "LINE: message" per problem (status 1), or a summary of the starts (status 0).
 */
export function check(text: string, binaries: string): string {
  const parsed = parseConfig(text);
  const root = parsed.node;
  if (!parsed.ok() || root === null) {
    lastStatus = 1;
    return parsed.line.toString() + ":" + parsed.column.toString() + ": " + parsed.error;
  }
  const checker = new Checker(binaries == "*" ? null : splitNames(binaries));
  const configs = initConfigs(root);
  const models = new Array<InitConfig>();
  for (let i = 0; i < configs.length; i++) models.push(checker.checkConfig(configs[i], ""));
  const problems = checker.sorted();
  if (problems.length > 0) {
    lastStatus = 1;
    const lines = new Array<string>();
    for (let i = 0; i < problems.length; i++) lines.push(problems[i].toString());
    return lines.join("\n");
  }
  lastStatus = 0;
  if (models.length == 1) return summary(models[0]);
  const parts = new Array<string>();
  for (let i = 0; i < models.length; i++) {
    const m = models[i];
    let head = "init_config " + (i + 1).toString() + " (line " + m.node.line.toString();
    if (m.version.length > 0) head += ", version \"" + m.version + "\"";
    parts.push(head + ")\n" + summary(m));
  }
  return parts.join("\n\n");
}

/** The opening tag of a node, attributes as written: `<service name="ROM" label="x">`. */
function openTag(n: Node): string {
  let s = "<" + n.type;
  for (let i = 0; i < n.attrs.length; i++) s += " " + n.attrs[i].name + "=\"" + n.attrs[i].value + "\"";
  return s + ">";
}

function ruleHead(rule: RouteRule): string {
  return "rule " + (rule.index + 1).toString() + ", line " + rule.node.line.toString() + " " + openTag(rule.node);
}

function explainRules(traces: Array<RuleTrace>, out: Array<string>): void {
  for (let i = 0; i < traces.length; i++) {
    const t = traces[i];
    if (!t.matched) {
      out.push("    " + ruleHead(t.rule) + ": no match: " + t.why);
      continue;
    }
    out.push("    " + ruleHead(t.rule) + ": matches");
    for (let j = 0; j < t.targets.length; j++) {
      const target = t.targets[j];
      out.push("      target " + (target.target.index + 1).toString() + " " + openTag(target.target.node) + ": " + (target.taken ? "taken" : "passed over: " + target.why));
    }
  }
}

function startNames(config: InitConfig): string {
  const names = new Array<string>();
  for (let i = 0; i < config.starts.length; i++) names.push(config.starts[i].name);
  return names.length > 0 ? names.join(", ") : "none";
}

/** Explains one init's decision; `initName` is that init's label ("init", "init -> sub"), which its parent puts in front. */
function explain(d: RouteDecision, from: string, service: string, label: string, initName: string, out: Array<string>): void {
  const asked = label.length > 0 ? "with label \"" + label + "\"" : "with no label (as for its environment sessions and its binary's ROM)";
  out.push("init \"" + initName + "\": child \"" + from + "\" asks for " + service + " " + asked);
  out.push("  init sees the label \"" + d.requestLabel + "\"");
  for (let i = 0; i < d.notes.length; i++) out.push("  " + d.notes[i]);
  const walked = d.rules.length > 0;
  if (walked) out.push("  " + (d.defaultRoute ? "<default-route> (\"" + from + "\" has no <route>)" : "<route> of \"" + from + "\"") + ":");
  explainRules(d.rules, out);
  const rule = d.rule;
  const where = rule !== null ? " (rule " + (rule.index + 1).toString() + ", line " + rule.node.line.toString() + ")" : "";
  if (d.kind == RouteKind.Child) out.push("  => child \"" + d.server + "\"" + where + "; the server sees the label \"" + d.serverLabel + "\"");
  else if (d.kind == RouteKind.Parent) out.push("  => parent" + where + "; init passes the label \"" + d.serverLabel + "\" on, its parent sees \"" + prefixed(initName, d.serverLabel) + "\"");
  else if (d.kind == RouteKind.InlineConfig) out.push("  => init itself: the inline <config> of \"" + from + "\"");
  else if (d.kind == RouteKind.SessionRequests) out.push("  => init itself: its \"session_requests\" ROM");
  else out.push("  => denied" + where + ": " + d.reason);
}

/**
 * Explains where a session request goes. `from` names a start, or a path into nested inits
 * ("sub -> child"); `label` is the label as the child asks (without its own name). A request that
 * a nested init sends to its parent is followed into the outer init. `configIndex` picks an
 * <init_config> of a test-init script (1-based; 0 for a plain config).
 */
export function route(text: string, from: string, service: string, label: string, configIndex: i32): string {
  const parsed = parseConfig(text);
  const root = parsed.node;
  if (!parsed.ok() || root === null) {
    lastStatus = 1;
    return parsed.line.toString() + ":" + parsed.column.toString() + ": " + parsed.error;
  }
  const configs = initConfigs(root);
  lastStatus = 2;
  if (configs.length > 1 && (configIndex < 1 || configIndex > configs.length)) {
    return "this file is a test-init script holding " + configs.length.toString() + " <init_config> nodes: pick one with --config N (1 to " + configs.length.toString() + ")";
  }
  if (configs.length == 1 && configIndex > 1) return "this file holds one init config, so --config can only be 1";
  const top = configs[configs.length > 1 ? configIndex - 1 : 0];
  // walk down "outer -> inner" through inline configs of nested inits
  const path = from.split(" -> ");
  const inits = new Array<InitConfig>();
  const names = new Array<string>();
  inits.push(readInitConfig(top));
  names.push(TOP_INIT);
  for (let i = 0; i < path.length - 1; i++) {
    const s = inits[i].start(path[i]);
    const nested = s !== null ? s.nestedConfig : null;
    if (nested === null) return "\"" + path[i] + "\" is not a start with an inline init config in " + names[i];
    inits.push(readInitConfig(nested));
    names.push(prefixed(names[i], path[i]));
  }
  const out = new Array<string>();
  let level = inits.length - 1;
  let child = path[level];
  let asked = label;
  while (true) {
    if (inits[level].start(child) === null) return "there is no <start name=\"" + child + "\"> in init \"" + names[level] + "\" (starts: " + startNames(inits[level]) + ")";
    const d = routeRequest(inits[level], child, service, asked);
    explain(d, child, service, asked, names[level], out);
    lastStatus = d.kind == RouteKind.Denied ? 1 : 0;
    if (d.kind != RouteKind.Parent || level == 0) break;
    level--;
    child = path[level];
    asked = d.serverLabel;
  }
  return out.join("\n");
}

/**
 * The bench's measure of one routing decision: parses `text` once, then routes the request `n`
 * times as init would. Returns how many were routed (not denied).
 */
export function routeRepeatedly(text: string, from: string, service: string, label: string, n: i32): i32 {
  const parsed = parseConfig(text);
  if (!parsed.ok()) return -1;
  const config = readInitConfig(parsed.node!);
  let routed = 0;
  for (let i = 0; i < n; i++) if (routeRequest(config, from, service, label, false).kind != RouteKind.Denied) routed++;
  return routed;
}
