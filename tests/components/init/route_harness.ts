// Test harness for init's config model, routing decision and the SDK's policy helper: string-in, string-out exports.
import { parseConfig } from "../../../components/lib/config/parse.ts";
import { Node } from "../../../components/lib/config/node.ts";
import { bestPolicyIndex, selectPolicy } from "../../../components/lib/policy.ts";
import { InitConfig, readInitConfig } from "../../../components/init/model/config_model.ts";
import { RouteDecision, RouteKind, forwardingTarget, routeEnvironment, routeLabel, routeRequest } from "../../../components/init/model/route_model.ts";

function configOf(text: string): InitConfig | null {
  const node = parseConfig(text).node;
  return node !== null ? readInitConfig(node) : null;
}

/**
 * The decision in one line: "child NAME | LABEL | rule N line L", "parent | LABEL | rule N line L",
 * "config", "session_requests", or "denied | REASON". Rule numbers are 1-based.
 */
export function decide(text: string, from: string, service: string, label: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  return describe(routeRequest(config, from, service, label));
}

/** Like decide, for one of the child's environment sessions (labelled with its name alone). */
export function decideEnv(text: string, from: string, service: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  return describe(routeEnvironment(config, from, service));
}

function describe(d: RouteDecision): string {
  const rule = d.rule;
  const where = rule !== null ? " | rule " + (rule.index + 1).toString() + " line " + rule.node.line.toString() : "";
  if (d.kind == RouteKind.Child) return "child " + d.server + " | " + d.serverLabel + where;
  if (d.kind == RouteKind.Parent) return "parent | " + d.serverLabel + where;
  if (d.kind == RouteKind.InlineConfig) return "config";
  if (d.kind == RouteKind.SessionRequests) return "session_requests";
  return "denied | " + d.reason;
}

/** Like decide, with the whole label as it reaches init (child name included, or not: e.g. "ld.lib.so"). */
export function decideWhole(text: string, from: string, service: string, whole: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  const start = config.start(from);
  if (start === null) return "no start";
  const d = routeLabel(config, start, service, whole, new RouteDecision());
  if (d.kind == RouteKind.Child) return "child " + d.server + " | " + d.serverLabel;
  if (d.kind == RouteKind.Parent) return "parent | " + d.serverLabel;
  return "denied | " + d.reason;
}

/** Why each rule looked at did not match or which targets were passed over: one line per rule. */
export function trace(text: string, from: string, service: string, label: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  return traced(routeRequest(config, from, service, label));
}

/** Like trace, for one of the child's environment sessions. */
export function traceEnv(text: string, from: string, service: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  return traced(routeEnvironment(config, from, service));
}

function traced(d: RouteDecision): string {
  const lines = new Array<string>();
  for (let i = 0; i < d.notes.length; i++) lines.push("note: " + d.notes[i]);
  for (let i = 0; i < d.rules.length; i++) {
    const r = d.rules[i];
    let line = (r.rule.index + 1).toString() + ": " + (r.matched ? "match" : r.why);
    for (let j = 0; j < r.targets.length; j++) line += " / " + (r.targets[j].taken ? "taken" : r.targets[j].why);
    lines.push(line);
  }
  return lines.join("\n");
}

function describePolicy(config: Node, label: string): string {
  const p = selectPolicy(config, label);
  if (p === null) return "none";
  return p.type + "@" + p.line.toString();
}

/** Which policy of a server config applies to a label: "policy@LINE", "default-policy@LINE" or "none". */
export function policy(text: string, label: string): string {
  const node = parseConfig(text).node;
  if (node === null) return "parse error";
  return describePolicy(node, label);
}

export function policyIndex(text: string, label: string): i32 {
  const node = parseConfig(text).node;
  return node !== null ? bestPolicyIndex(node, label) : -2;
}

/** Where init forwards a session from its own parent: the <child> target's name and label, or "none". */
export function forward(text: string, service: string, label: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  const target = forwardingTarget(config, service, label);
  if (target === null) return "none";
  return target.attributeOr("name", "") + " | " + target.attributeOr("label", label);
}

/** The model in one line per start: name binary ram caps version priority provides route? config? heartbeat. */
export function model(text: string): string {
  const config = configOf(text);
  if (config === null) return "parse error";
  const lines = new Array<string>();
  lines.push("parent-provides " + config.parentProvides.join(",") + " | default caps " + config.defaultCaps.toString()
    + " ram " + config.defaultRam.toString() + " | preserve ram " + config.preserveRam.toString() + " caps " + config.preserveCaps.toString()
    + " | heartbeat " + config.heartbeatRateMs.toString() + " | services " + config.services.length.toString()
    + " | report " + (config.report !== null ? "yes" : "no") + " | default-route " + (config.defaultRules !== null ? config.defaultRules!.length.toString() : "none"));
  for (let i = 0; i < config.starts.length; i++) {
    const s = config.starts[i];
    const rules = s.rules;
    lines.push(s.name + " " + s.binary + " " + s.ram.toString() + " " + s.caps.toString() + " v=" + s.version + " prio=" + s.priority.toString()
      + " provides=" + s.provides.join(",") + " route=" + (rules !== null ? rules.length.toString() : "default")
      + " config=" + (s.config !== null ? s.config!.line.toString() : "none") + " ld=" + (s.ld ? "yes" : "no")
      + " heartbeat=" + (s.heartbeat ? s.restartAfterSkipped.toString() : "none"));
  }
  return lines.join("\n");
}
