// `route`: where a child's session request goes and why, rule by rule, followed out of nested inits and into them.
import { Node, parseConfig } from "../../lib/config/parse.ts";
import { labelLast, prefixedLabel } from "../../lib/strings.ts";
import { ToolAnswer, ToolStatus } from "./answer.ts";
import { InitConfig, RouteRule, initConfigNodes, readInitConfig } from "./config_model.ts";
import { ForwardDecision, ForwardKind, forwardRequest } from "./forward_model.ts";
import { RouteDecision, RouteKind, RuleTrace, routeEnvironment, routeRequest } from "./route_model.ts";

/** Name under which the top-level init appears in labels (`[init -> hello]`). */
const TOP_INIT = "init";

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

/** How a request was asked for: with a label, the empty label, or as an environment session. */
function askedHow(label: string, environment: bool): string {
  if (environment) return "as one of its environment sessions (PD, CPU, LOG, its binary's ROM), which init labels with the child's name alone";
  return label.length > 0 ? "with label \"" + label + "\"" : "with the empty label";
}

/** Explains one init's decision; `initName` is that init's label ("init", "init -> sub"), which its parent puts in front. */
function explain(d: RouteDecision, from: string, service: string, label: string, environment: bool, initName: string, out: Array<string>): void {
  out.push("init \"" + initName + "\": child \"" + from + "\" asks for " + service + " " + askedHow(label, environment));
  out.push("  init sees the label \"" + d.requestLabel + "\"");
  for (let i = 0; i < d.notes.length; i++) out.push("  " + d.notes[i]);
  const walked = d.rules.length > 0;
  if (walked) out.push("  " + (d.defaultRoute ? "<default-route> (\"" + from + "\" has no <route>)" : "<route> of \"" + from + "\"") + ":");
  explainRules(d.rules, out);
  const rule = d.rule;
  const where = rule !== null ? " (rule " + (rule.index + 1).toString() + ", line " + rule.node.line.toString() + ")" : "";
  if (d.kind == RouteKind.Child) out.push("  => child \"" + d.server + "\"" + where + "; the server sees the label \"" + d.serverLabel + "\"");
  else if (d.kind == RouteKind.Parent) out.push("  => parent" + where + "; init passes the label \"" + d.serverLabel + "\" on, its parent sees \"" + (initName == TOP_INIT ? coreLabel(d.serverLabel) : prefixedLabel(initName, d.serverLabel)) + "\"");
  else if (d.kind == RouteKind.InlineConfig) out.push("  => init itself: the inline <config> of \"" + from + "\"");
  else if (d.kind == RouteKind.SessionRequests) out.push("  => init itself: its \"session_requests\" ROM");
  else out.push("  => denied" + where + ": " + d.reason);
}

/** The label core gives a request of the top init's: its name in front, or its name alone for "" (kernel/host/core/parent_service.ts). */
function coreLabel(label: string): string {
  return label.length > 0 ? prefixedLabel(TOP_INIT, label) : TOP_INIT;
}

/**
 * What core serves a ROM request labelled `label` that reached it: the module its last element names,
 * except that core's config and recent log go to the top init's own label alone ("init -> config"),
 * which only the top init or its route's rewrite makes (kernel/host/core/rom_service.ts).
 */
function coreServes(label: string): string {
  const module = labelLast(label);
  if (module != "config" && module != "log") return "core serves the ROM module \"" + module + "\" (the label's last element)";
  const what = module == "config" ? "the top init's config" : "the recent log (unless the boot image has a module \"log\")";
  if (label == prefixedLabel(TOP_INIT, module)) return "core serves \"" + module + "\": " + what + ", routed here on purpose";
  return "core serves nothing: \"" + module + "\" is " + what + ", for the label \"" + prefixedLabel(TOP_INIT, module) + "\" alone";
}

/** Explains how nested init `initName` forwards a session its parent asked for with `label` (its <service>). */
function explainForward(f: ForwardDecision, service: string, label: string, initName: string, out: Array<string>): void {
  out.push("init \"" + initName + "\": its parent asks for " + service + " with label \"" + label + "\" (init puts nothing in front)");
  const node = f.service;
  if (node !== null) out.push("  line " + node.line.toString() + " " + openTag(node));
  const policy = f.policy;
  if (policy !== null) out.push("    " + (policy.type == "policy" ? "matching policy" : "no <policy> matches, so") + ": line " + policy.line.toString() + " " + openTag(policy));
  if (f.kind == ForwardKind.Child) out.push("  => child \"" + f.child + "\"; the server sees the label \"" + f.label + "\"");
  else if (f.kind == ForwardKind.Denied) out.push("  => denied: " + f.reason);
  else out.push("  => waits: " + f.reason);
}

/**
 * Follows a request that init `names[level]` routed to its child `server` with `label` into that
 * child while it is a nested init with an inline config: through its <service> forwarding to the
 * child that serves it, as deep as that goes. Returns false when the request ends denied or waiting.
 */
function followInwards(config: InitConfig, initName: string, server: string, service: string, label: string, out: Array<string>): bool {
  let outer = config;
  let name = initName;
  let child = server;
  let asked = label;
  while (true) {
    const start = outer.start(child);
    const nested = start !== null ? start.nestedConfig : null;
    if (nested === null) return true;
    const inner = readInitConfig(nested);
    name = prefixedLabel(name, child);
    const f = forwardRequest(inner, service, asked);
    explainForward(f, service, asked, name, out);
    if (f.kind != ForwardKind.Child) return false;
    outer = inner;
    child = f.child;
    asked = f.label;
  }
}

/**
 * Explains where a session request goes. `from` names a start, or a path into nested inits
 * ("sub -> child"); `label` is the label as the child asks (without its own name; "" is the empty
 * label), or with `environment` the request is one of the child's environment sessions, labelled
 * with its name alone. A request that a nested init sends to its parent is followed into the outer
 * init; one that reaches a nested init (an init child with an inline config) is followed into it,
 * through its <service> forwarding. `configIndex` picks an <init_config> of a test-init script
 * (1-based; 0 for a plain config). Status: fine when routed, problems when denied (or left waiting
 * by a nested init) or the config does not parse, a bad question for no such start or config.
 */
export function explainRoute(text: string, from: string, service: string, label: string, configIndex: i32, environment: bool = false): ToolAnswer {
  const parsed = parseConfig(text);
  const root = parsed.node;
  if (!parsed.ok() || root === null) return new ToolAnswer(ToolStatus.Problems, parsed.line.toString() + ":" + parsed.column.toString() + ": " + parsed.error);
  const configs = initConfigNodes(root);
  if (configs.length > 1 && (configIndex < 1 || configIndex > configs.length)) {
    return new ToolAnswer(ToolStatus.BadQuestion, "this file is a test-init script holding " + configs.length.toString() + " <init_config> nodes: pick one with --config N (1 to " + configs.length.toString() + ")");
  }
  if (configs.length == 1 && configIndex > 1) return new ToolAnswer(ToolStatus.BadQuestion, "this file holds one init config, so --config can only be 1");
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
    if (nested === null) return new ToolAnswer(ToolStatus.BadQuestion, "\"" + path[i] + "\" is not a start with an inline init config in " + names[i]);
    inits.push(readInitConfig(nested));
    names.push(prefixedLabel(names[i], path[i]));
  }
  const out = new Array<string>();
  let level = inits.length - 1;
  let child = path[level];
  let asked = label;
  let env = environment;
  let status = ToolStatus.Fine;
  let last: RouteDecision | null = null;
  while (true) {
    if (inits[level].start(child) === null) {
      return new ToolAnswer(ToolStatus.BadQuestion, "there is no <start name=\"" + child + "\"> in init \"" + names[level] + "\" (starts: " + startNames(inits[level]) + ")");
    }
    const d = env ? routeEnvironment(inits[level], child, service) : routeRequest(inits[level], child, service, asked);
    explain(d, child, service, asked, env, names[level], out);
    last = d;
    status = d.kind == RouteKind.Denied ? ToolStatus.Problems : ToolStatus.Fine;
    if (d.kind != RouteKind.Parent || level == 0) break;
    // the nested init asks its parent with the label it hands on: an ordinary request of its own
    level--;
    child = path[level];
    asked = d.serverLabel;
    env = false;
  }
  if (last !== null && last.kind == RouteKind.Child && !followInwards(inits[level], names[level], last.server, service, last.serverLabel, out)) status = ToolStatus.Problems;
  if (last !== null && last.kind == RouteKind.Parent && service == "ROM") out.push(coreServes(coreLabel(last.serverLabel)));
  return new ToolAnswer(status, out.join("\n"));
}
