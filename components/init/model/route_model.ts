// Genode init's routing decision as a pure function of the config model: where a child's session request goes, and why.
//
// What Genode's init does (sandbox library: child.cc, route_model.h, utils.h), in our words:
//
// - Labels. A child's request reaches init with the child's name put in front: label L becomes
//   "C -> L", and an empty L becomes "C -> " (base's prefixed_label always puts the separator).
//   The environment sessions a child gets at start (PD, CPU, LOG and the ROM of its binary) carry
//   exactly "C", which is therefore not the same request as one the child makes with label "".
// - Before any rule: a ROM whose label ends in "config" is the child's inline <config> when it has
//   one; the binary's ROM ("C" itself) is routed under the label <binary name> when that differs
//   from C (so only `unscoped_label` or `label_last` can catch it); with ld="no", "ld.lib.so" is
//   routed like the binary; "session_requests" is init's own ROM.
// - Rules: the start's <route> replaces <default-route> entirely (no fall-through). Rules are tried
//   in order. `<service name>` matches by name, `<any-service>` matches all. Label conditions:
//   `unscoped_label` compares the whole label "C -> L" (other label attributes are then ignored);
//   else `label_last` compares the last element of the whole label; else `label`, `label_prefix`,
//   `label_suffix` compare the label with "C -> " removed (trimmed, all given must agree, as in the
//   server-side policy) — a label that is only "C" has no such part and never matches them. A rule
//   whose only label condition is `label` first compares the untrimmed text (route_model.h checks
//   a checksum of it before anything else), so there `label="x "` does not match "x".
// - Targets, in order within the first matching rule: `<parent>` works when the service is in
//   <parent-provides>; `<child name>` when that child (or the child an <alias> names) lists the
//   service in <provides>; `<any-child>` when exactly one child does (two or more: ambiguous).
//   A target that does not work passes to the next one. If none works, a `<service>` rule denies
//   the request, while an `<any-service>` rule lets the next rule try. No matching rule: denied.
// - Label the server sees: the whole label "C -> L" unless the target rewrites it: `label` replaces
//   it; `identity` replaces all but the last element, `resource` the last element, and
//   `prepend_resource` goes in front of the last element (Genode 25.02). Rebuilt from a non-empty
//   identity, the label keeps its separator even when the resource part is empty: "C -> x -> "
//   passes on as "C -> x -> ". Init's parent adds init's own name in front again: routed to the
//   parent, core sees "init -> C -> L".
import { LabelScore, selectPolicy } from "../../lib/policy.ts";
import { Node } from "../../lib/config/node.ts";
import { labelLast, labelPrefix, prefixedLabel } from "../../lib/strings.ts";
import { InitConfig, RouteRule, RouteTarget, Start } from "./config_model.ts";

const SEPARATOR = " -> ";

export enum RouteKind {
  Denied = 0,
  Parent = 1,
  Child = 2,
  /** Served by init itself from the child's inline <config>. */
  InlineConfig = 3,
  /** init's "session_requests" ROM for a child that provides services. */
  SessionRequests = 4,
}

/** The label with "child -> " removed, or null when it does not start so. */
export function scopedLabel(child: string, label: string): string | null {
  if (!label.startsWith(child + SEPARATOR)) return null;
  return label.substring(child.length + SEPARATOR.length);
}

/** Why a rule does not match a request ("" when it does). `label` is the whole label ("C -> L"). */
export function ruleMismatch(rule: RouteRule, child: string, service: string, label: string): string {
  const n = rule.node;
  if (n.type == "service") {
    const name = n.attributeOr("name", "");
    if (name != service) return "service is " + service + ", not " + name;
  } else if (n.type != "any-service") {
    return "<" + n.type + "> is not a route rule";
  }
  const unscoped = n.attribute("unscoped_label");
  if (unscoped !== null) return unscoped == label ? "" : "unscoped label \"" + label + "\" is not \"" + unscoped + "\"";
  const last = n.attribute("label_last");
  if (last !== null) {
    const element = labelLast(label);
    return element == last ? "" : "last label element \"" + element + "\" is not \"" + last + "\"";
  }
  if (!(n.has("label") || n.has("label_prefix") || n.has("label_suffix"))) return "";
  const scoped = scopedLabel(child, label);
  if (scoped === null) return "label \"" + label + "\" has no part after \"" + child + " -> \" to compare";
  const exact = n.attribute("label");
  if (exact !== null && !n.has("label_prefix") && !n.has("label_suffix") && exact != scoped) {
    return "label \"" + scoped + "\" is not \"" + exact + "\"";
  }
  const score = LabelScore.of(n, scoped);
  if (!score.conflict()) return "";
  if (score.labelPresent && !score.labelMatch) return "label \"" + scoped + "\" is not \"" + n.attributeOr("label", "") + "\"";
  if (score.prefixPresent && score.prefixMatch == 0) return "label \"" + scoped + "\" does not start with \"" + n.attributeOr("label_prefix", "") + "\"";
  return "label \"" + scoped + "\" does not end with \"" + n.attributeOr("label_suffix", "") + "\"";
}

/** The label a target hands on: rewritten by `label`, or by `identity`/`resource`/`prepend_resource`. */
export function targetLabel(target: Node, label: string): string {
  const whole = target.attribute("label");
  if (whole !== null) return whole;
  const identity = target.attributeOr("identity", labelPrefix(label));
  const resource = target.attributeOr("prepend_resource", "") + target.attributeOr("resource", labelLast(label));
  return identity.length > 0 ? prefixedLabel(identity, resource) : resource;
}

/** What happened at one target. */
export class TargetTrace {
  constructor(readonly target: RouteTarget, readonly taken: bool, readonly why: string) {}
}

/** What happened at one rule: `why` it did not match, or the targets it tried. */
export class RuleTrace {
  targets: Array<TargetTrace> = new Array<TargetTrace>();
  constructor(readonly rule: RouteRule, readonly matched: bool, readonly why: string) {}
}

const NO_RULES = new Array<RuleTrace>();
const NO_NOTES = new Array<string>();

/** Where a session request goes. */
export class RouteDecision {
  /**
   * `explain`: record the notes and the trace of every rule and target, for the route tool. Init
   * routes without them: a child's start routes several sessions, and the texts cost allocations.
   */
  constructor(readonly explain: bool = false) {
    if (explain) {
      this.rules = new Array<RuleTrace>();
      this.notes = new Array<string>();
    }
  }
  kind: RouteKind = RouteKind.Denied;
  /** The serving child (kind Child). */
  server: string = "";
  /** The label init hands on: what a sibling server sees, or what init passes to its parent. */
  serverLabel: string = "";
  /** The label as it reached init: "C -> L" (or "C"). */
  requestLabel: string = "";
  /** The label the rules were matched against (the binary's name for the binary's ROM). */
  matchLabel: string = "";
  rule: RouteRule | null = null;
  target: RouteTarget | null = null;
  /** The rules came from <default-route> (the start has no <route>). */
  defaultRoute: bool = false;
  /** The trace of each rule tried, when explaining (else empty, and shared: nothing is added). */
  rules: Array<RuleTrace> = NO_RULES;
  /** Special cases that applied before the rules, in order, when explaining. */
  notes: Array<string> = NO_NOTES;
  /** Why the request is denied (kind Denied). */
  reason: string = "";
}

/** Why a target cannot take a request for `service` ("" when it can; `server` gets the child's name). */
function targetRefusal(config: InitConfig, target: RouteTarget, service: string, decision: RouteDecision): string {
  const kind = target.kind;
  if (kind == "parent") {
    return config.parentProvide(service) ? "" : service + " is not in <parent-provides>";
  }
  if (kind == "child") {
    const named = target.node.attribute("name");
    if (named === null) return "<child> has no name";
    const name = config.derefAlias(named);
    const child = config.start(name);
    if (child === null) return "there is no child \"" + name + "\"";
    if (!child.provide(service)) return "\"" + name + "\" does not provide " + service + " (no <provides><service name=\"" + service + "\">)";
    decision.server = name;
    return "";
  }
  if (kind == "any-child") {
    const providers = config.providersOf(service);
    if (providers.length == 0) return "no child provides " + service;
    if (providers.length > 1) {
      const names = new Array<string>();
      for (let i = 0; i < providers.length; i++) names.push("\"" + unchecked(providers[i]).name + "\"");
      return "ambiguous: " + names.join(", ") + " provide " + service;
    }
    decision.server = unchecked(providers[0]).name;
    return "";
  }
  if (kind == "local") return "init has no local services";
  return "<" + kind + "> is not a route target";
}

/** Routes a request whose whole label (child name in front) is `label`, as init does. */
export function routeLabel(config: InitConfig, start: Start, service: string, label: string, decision: RouteDecision): RouteDecision {
  decision.matchLabel = label;
  const rom = service == "ROM";
  if (rom && labelLast(label) == "config" && start.config !== null) {
    decision.kind = RouteKind.InlineConfig;
    decision.serverLabel = label;
    if (decision.explain) decision.notes.push("a ROM named \"config\" is the inline <config> of \"" + start.name + "\" (line " + start.config!.line.toString() + "), served by init");
    return decision;
  }
  if (rom && label == start.name && start.binary == start.name) {
    if (decision.explain) decision.notes.push("the label is the child's name alone: this is its binary's ROM request");
  }
  if (rom && label == start.name && start.binary != start.name) {
    if (decision.explain) decision.notes.push("the binary's ROM request \"" + label + "\" is routed as \"" + start.binary + "\", the <binary name>");
    return routeLabel(config, start, service, start.binary, decision);
  }
  if (rom && !start.ld && label == "ld.lib.so") {
    if (decision.explain) decision.notes.push("with ld=\"no\", \"ld.lib.so\" is the binary \"" + start.binary + "\"");
    return routeLabel(config, start, service, start.binary, decision);
  }
  if (rom && labelLast(label) == "session_requests") {
    decision.kind = RouteKind.SessionRequests;
    if (decision.explain) decision.notes.push("\"session_requests\" is init's own ROM for the child's session requests");
    return decision;
  }
  const rules = config.rulesFor(start);
  decision.defaultRoute = start.rules === null;
  if (rules === null) {
    decision.reason = "\"" + start.name + "\" has no <route> and there is no <default-route>";
    return decision;
  }
  for (let i = 0; i < rules.length; i++) {
    const rule = unchecked(rules[i]);
    const why = ruleMismatch(rule, start.name, service, label);
    const trace = decision.explain ? new RuleTrace(rule, why.length == 0, why) : null;
    if (trace !== null) decision.rules.push(trace);
    if (why.length > 0) continue;
    for (let j = 0; j < rule.targets.length; j++) {
      const target = unchecked(rule.targets[j]);
      const refusal = targetRefusal(config, target, service, decision);
      if (trace !== null) trace.targets.push(new TargetTrace(target, refusal.length == 0, refusal));
      if (refusal.length > 0) continue;
      decision.kind = target.kind == "parent" ? RouteKind.Parent : RouteKind.Child;
      decision.rule = rule;
      decision.target = target;
      decision.serverLabel = targetLabel(target.node, label);
      return decision;
    }
    if (!rule.anyService) {
      decision.rule = rule;
      decision.reason = rule.targets.length == 0 ? "the matching <service> rule has no target" : "no target of the matching <service> rule can serve " + service;
      return decision;
    }
  }
  decision.reason = "no rule routes " + service + " with label \"" + label + "\"";
  return decision;
}

/**
 * Routes the session request of child `from` for `service` with the label the child asked for
 * (without its own name; "" is the empty label, which init sees as "from -> ").
 */
export function routeRequest(config: InitConfig, from: string, service: string, label: string, explain: bool = true): RouteDecision {
  return routeWhole(config, from, service, prefixedLabel(from, label), explain);
}

/** Routes one of the environment sessions init opens for child `from` (PD, CPU, LOG, its binary's ROM): labelled "from" alone. */
export function routeEnvironment(config: InitConfig, from: string, service: string, explain: bool = true): RouteDecision {
  return routeWhole(config, from, service, from, explain);
}

function routeWhole(config: InitConfig, from: string, service: string, whole: string, explain: bool): RouteDecision {
  const decision = new RouteDecision(explain);
  decision.requestLabel = whole;
  decision.matchLabel = whole;
  const start = config.start(from);
  if (start === null) {
    decision.reason = "there is no <start name=\"" + from + "\">";
    return decision;
  }
  return routeLabel(config, start, service, whole, decision);
}

/** Where init forwards a session its own parent asks for (`<service name>` with <policy>): the child, or null. */
export function forwardingTarget(config: InitConfig, service: string, label: string): Node | null {
  const s = config.service(service);
  if (s === null) return null;
  const policy = selectPolicy(s, label);
  return policy !== null ? policy.child("child") : null;
}
