// Validation of an init config: what Genode's init would refuse, ignore or never be able to route, each with its line.
import { Node } from "../../lib/config/node.ts";
import { InitConfig, RouteRule, Start, readInitConfig } from "./config_model.ts";
import { routeCycles } from "./route_cycles.ts";
import { RouteKind, routeRequest } from "./route_model.ts";

/** One finding: 1-based line (and column for parse errors, else 0) and what is wrong. */
export class Problem {
  constructor(readonly line: i32, readonly column: i32, readonly message: string, readonly order: i32) {}

  /** "LINE: message", or "LINE:COLUMN: message" when the column is known. */
  toString(): string {
    const at = this.column > 0 ? this.line.toString() + ":" + this.column.toString() : this.line.toString();
    return at + ": " + this.message;
  }
}

/** The node types Genode's init accepts at the top of its config; anything else makes it refuse the config. */
const TOP_LEVEL = ["parent-provides", "default-route", "default", "start", "alias", "affinity-space", "report", "resource", "heartbeat", "service"];
/** Top-level nodes that may appear once. */
const SINGLE = ["parent-provides", "default-route", "default", "affinity-space", "report", "heartbeat"];
const TARGETS = ["parent", "child", "any-child"];

// The attributes init reads on each of its own nodes (an inner <config> of a child is opaque and not checked).
const LABELS = ["label", "label_prefix", "label_suffix", "label_last", "unscoped_label"];
const ATTRIBUTES = new Map<string, Array<string>>();
ATTRIBUTES.set("config", ["verbose", "prio_levels", "ld_verbose", "version"]);
ATTRIBUTES.set("start", ["name", "ram", "caps", "version", "priority", "ld", "managing_system", "fuel", "stack", "probation_ms"]);
ATTRIBUTES.set("binary", ["name"]);
ATTRIBUTES.set("default", ["ram", "caps"]);
ATTRIBUTES.set("alias", ["name", "child"]);
ATTRIBUTES.set("affinity-space", ["width", "height"]);
ATTRIBUTES.set("affinity", ["xpos", "ypos", "width", "height"]);
// `binaries` is Wasmode's own (SEMANTICS.md §11).
ATTRIBUTES.set("report", ["ids", "requested", "provided", "session_args", "child_ram", "child_caps", "init_ram", "init_caps", "delay_ms", "buffer", "binaries"]);
ATTRIBUTES.set("exit", ["propagate"]);
// Genode's child.cc reads the same label rewrites on every target.
const REWRITES = ["label", "diag", "identity", "resource", "prepend_resource"];
ATTRIBUTES.set("parent", REWRITES);
ATTRIBUTES.set("child", ["name"].concat(REWRITES));
ATTRIBUTES.set("any-child", REWRITES);
ATTRIBUTES.set("any-service", LABELS);
ATTRIBUTES.set("service-rule", ["name"].concat(LABELS));
ATTRIBUTES.set("policy", LABELS);
ATTRIBUTES.set("default-policy", []);

/** Source order; on one line, the order found. */
export function byLine(a: Problem, b: Problem): i32 {
  if (a.line != b.line) return a.line - b.line;
  return a.order - b.order;
}

/** True when the attribute is present but not a number in Genode's syntax (decimal or 0x-hex, optional K/M/G). */
function badNumber(node: Node, name: string): bool {
  return node.has(name) && node.attributeU64(name, 0) == 0 && node.attributeU64(name, 1) == 1;
}

function badInteger(node: Node, name: string): bool {
  return node.has(name) && node.attributeI64(name, 0) == 0 && node.attributeI64(name, 1) == 1;
}

/** Digits (decimal, or hex after 0x) with at most a K, M or G after them: a number, if it fits. */
function looksNumeric(text: string): bool {
  let end = text.length;
  if (end > 0 && (text.endsWith("K") || text.endsWith("M") || text.endsWith("G"))) end--;
  const hex = text.startsWith("0x");
  const from = hex ? 2 : 0;
  if (end <= from) return false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const hexDigit = hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70));
    if (!digit && !hexDigit) return false;
  }
  return true;
}

/** The line of an attribute, or of its node when the parser gave none. */
function lineOf(node: Node, name: string): i32 {
  for (let i = 0; i < node.attrs.length; i++) {
    const a = unchecked(node.attrs[i]);
    if (a.name == name && a.line > 0) return a.line;
  }
  return node.line;
}

/** A rule with none of these matches whatever the label. */
const LABEL_CONDITIONS = LABELS.concat(["label_last"]);

function labelFree(rule: RouteRule): bool {
  for (let i = 0; i < LABEL_CONDITIONS.length; i++) if (rule.node.has(unchecked(LABEL_CONDITIONS[i]))) return false;
  return true;
}

/**
 * Why a target cannot take requests for `service` ("" when it can; `service` "" for an
 * <any-service> rule: can it serve anything?), as Genode's route resolution decides per target.
 */
function targetRefusal(config: InitConfig, t: Node, service: string): string {
  if (t.type == "parent") {
    if (service.length > 0 && !config.parentProvide(service)) return service + " is routed to <parent/> but is not in <parent-provides>";
    return "";
  }
  if (t.type == "child") {
    const named = t.attributeOr("name", "");
    if (named.length == 0) return "<child> target without a name";
    const name = config.derefAlias(named);
    const child = config.start(name);
    if (child === null) return "routes to child \"" + named + "\", but there is no such <start>";
    if (service.length > 0 && !child.provide(service)) {
      return service + " is routed to child \"" + name + "\", which does not provide it (no <provides><service name=\"" + service + "\"/>)";
    }
    if (service.length == 0 && child.provides.length == 0) return "routes to child \"" + name + "\", which provides no service";
    return "";
  }
  if (t.type == "any-child" && service.length > 0) {
    const providers = config.providersOf(service);
    if (providers.length == 0) return service + " is routed to <any-child/> but no child provides it";
    if (providers.length > 1) return service + " is routed to <any-child/> but several children provide it (ambiguous)";
  }
  return "";
}

/**
 * The earlier rule that takes every request a `<service name>` rule could match, or null: a
 * label-free `<service>` rule of the same name (it never passes on), or a label-free
 * `<any-service>` rule with a target that always serves the service.
 */
function shadowingRule(config: InitConfig, rules: Array<RouteRule>, index: i32): RouteRule | null {
  const service = unchecked(rules[index]).service;
  if (unchecked(rules[index]).node.type != "service" || service.length == 0) return null;
  for (let k = 0; k < index; k++) {
    const r = unchecked(rules[k]);
    if (!labelFree(r)) continue;
    if (r.node.type == "service" && r.service == service) return r;
    if (!r.anyService) continue;
    for (let j = 0; j < r.targets.length; j++) {
      const t = unchecked(r.targets[j]).node;
      if (TARGETS.includes(t.type) && targetRefusal(config, t, service).length == 0) return r;
    }
  }
  return null;
}

export class Checker {
  problems: Array<Problem> = new Array<Problem>();
  /**
   * What init accepts, each changing no exit code: "LINE: warning: message" (likely not what was
   * meant, or lets a child read more than its routes seem to grant) and "LINE: note: message".
   */
  warnings: Array<Problem> = new Array<Problem>();

  /** `known`: binary names in the boot image (a name matches with or without ".wasm"); null accepts any. */
  constructor(readonly known: Array<string> | null) {}

  add(line: i32, message: string): void {
    this.problems.push(new Problem(line, 0, message, this.problems.length + this.warnings.length));
  }

  warn(line: i32, message: string): void {
    this.warnings.push(new Problem(line, 0, "warning: " + message, this.problems.length + this.warnings.length));
  }

  /** What init accepts and what is no mistake, but worth knowing: "LINE: note: message". */
  note(line: i32, message: string): void {
    this.warnings.push(new Problem(line, 0, "note: " + message, this.problems.length + this.warnings.length));
  }

  addParseError(line: i32, column: i32, message: string): void {
    this.problems.push(new Problem(line, column, message, this.problems.length + this.warnings.length));
  }

  /** Problems in source order. */
  sorted(): Array<Problem> {
    return this.problems.sort(byLine);
  }

  /** Warnings in source order. */
  sortedWarnings(): Array<Problem> {
    return this.warnings.sort(byLine);
  }

  /** Attributes init does not know on one of its nodes: it ignores them, so they are likely typos. */
  private attributes(node: Node, kind: string, scope: string): void {
    if (ATTRIBUTES.has(kind)) this.onlyAttributes(node, ATTRIBUTES.get(kind), scope);
  }

  /** Like attributes(), for nodes whose type names differ by place (<resource>, <heartbeat>). */
  private onlyAttributes(node: Node, known: Array<string>, scope: string): void {
    for (let i = 0; i < node.attrs.length; i++) {
      const a = unchecked(node.attrs[i]);
      if (!known.includes(a.name)) this.add(a.line > 0 ? a.line : node.line, scope + "<" + node.type + "> has no attribute \"" + a.name + "\" (init ignores it)");
    }
  }

  private numbers(node: Node, names: Array<string>, scope: string): void {
    for (let i = 0; i < names.length; i++) {
      const name = unchecked(names[i]);
      if (!badNumber(node, name)) continue;
      const text = node.attributeOr(name, "");
      this.add(lineOf(node, name), scope + "<" + node.type + "> " + name + "=\"" + text + "\" " + (looksNumeric(text) ? "is too large (more than 64 bits)" : "is not a number"));
    }
  }

  /** Checks one init's config; `scope` prefixes messages about nested inits (`in "sub": `). */
  checkConfig(node: Node, scope: string): InitConfig {
    const config = readInitConfig(node);
    this.attributes(node, "config", scope);
    const counts = new Map<string, i32>();
    for (let i = 0; i < node.children.length; i++) {
      const n = unchecked(node.children[i]);
      if (!TOP_LEVEL.includes(n.type)) {
        this.add(n.line, scope + "unknown config node <" + n.type + "> (init refuses the whole config)");
        continue;
      }
      const seen = counts.has(n.type) ? counts.get(n.type) : 0;
      counts.set(n.type, seen + 1);
      if (seen > 0 && SINGLE.includes(n.type)) this.add(n.line, scope + "more than one <" + n.type + ">");
      this.attributes(n, n.type, scope);
      if (n.type == "default") this.numbers(n, ["caps", "ram"], scope);
      if (n.type == "report") this.numbers(n, ["delay_ms", "buffer"], scope);
      if (n.type == "heartbeat") {
        this.onlyAttributes(n, ["rate_ms"], scope);
        this.numbers(n, ["rate_ms"], scope);
      }
      if (n.type == "resource") {
        const kind = n.attributeOr("name", "");
        if (kind != "RAM" && kind != "CAP") this.add(n.line, scope + "<resource> at init level must be named RAM or CAP, not \"" + kind + "\"");
        this.onlyAttributes(n, ["name", "preserve"], scope);
        this.numbers(n, ["preserve"], scope);
      }
      if (n.type == "parent-provides") this.checkNames(n, "<parent-provides>", scope);
    }
    if (badInteger(node, "prio_levels")) this.add(lineOf(node, "prio_levels"), scope + "prio_levels=\"" + node.attributeOr("prio_levels", "") + "\" is not a number");
    else if (config.prioLevels < 0 || (config.prioLevels & (config.prioLevels - 1)) != 0) {
      this.add(lineOf(node, "prio_levels"), scope + "prio_levels=\"" + config.prioLevels.toString() + "\" is not a power of two (priorities are disabled)");
    }
    this.checkStarts(config, scope);
    this.checkAliases(config, scope);
    const defaultRules = config.defaultRules;
    if (defaultRules !== null) this.checkRules(config, defaultRules, scope + "<default-route>: ");
    this.checkForwarding(config, scope);
    const cycles = routeCycles(config);
    for (let i = 0; i < cycles.length; i++) {
      const c = unchecked(cycles[i]);
      this.add(c.line, scope + c.message);
    }
    return config;
  }

  /** Every <service> below `node` has a name, and none appears twice. */
  private checkNames(node: Node, what: string, scope: string): void {
    const names = new Array<string>();
    const services = node.childrenOf("service");
    for (let i = 0; i < services.length; i++) {
      const s = unchecked(services[i]);
      const name = s.attributeOr("name", "");
      this.onlyAttributes(s, ["name"], scope + what + ": ");
      if (name.length == 0) this.add(s.line, scope + what + ": <service> without a name");
      else if (names.includes(name) && what == "<parent-provides>") this.warn(s.line, scope + what + ": " + name + " is listed twice (init takes it once)");
      else if (names.includes(name)) this.add(s.line, scope + what + ": " + name + " is listed twice");
      names.push(name);
    }
  }

  private checkStarts(config: InitConfig, scope: string): void {
    const names = new Array<string>();
    for (let i = 0; i < config.starts.length; i++) {
      const start = unchecked(config.starts[i]);
      const node = start.node;
      const what = scope + "start \"" + start.name + "\": ";
      if (start.name.length == 0) {
        this.add(node.line, scope + "<start> without a name (init skips it)");
        continue;
      }
      if (names.includes(start.name)) this.add(node.line, scope + "a second <start name=\"" + start.name + "\"> (start names must be unique)");
      names.push(start.name);
      this.attributes(node, "start", scope);
      this.numbers(node, ["ram", "caps", "fuel", "stack", "probation_ms"], what);
      for (let j = 0; j < node.children.length; j++) {
        const c = unchecked(node.children[j]);
        if (c.type == "binary" || c.type == "affinity" || c.type == "exit") this.attributes(c, c.type, what);
        if (c.type == "resource") this.onlyAttributes(c, ["name", "quantum"], what);
        if (c.type == "heartbeat") this.onlyAttributes(c, ["restart_after_skipped"], what);
      }
      if (badInteger(node, "priority")) this.add(lineOf(node, "priority"), what + "priority=\"" + node.attributeOr("priority", "") + "\" is not a number");
      else if (start.priority > 0) this.add(lineOf(node, "priority"), what + "priority " + start.priority.toString() + " is positive (a child's priority is 0 or negative)");
      const resources = node.childrenOf("resource");
      for (let j = 0; j < resources.length; j++) this.numbers(unchecked(resources[j]), ["quantum"], what);
      const heartbeat = node.child("heartbeat");
      if (heartbeat !== null) this.numbers(heartbeat, ["restart_after_skipped"], what);
      if (start.ram == 0) this.add(node.line, what + "no RAM quota (no ram attribute, <resource name=\"RAM\" quantum>, or <default ram>)");
      if (start.caps == 0) this.add(node.line, what + "no capability quota (no caps attribute or <default caps>)");
      const binary = node.child("binary");
      if (binary !== null && start.binary.length == 0) this.add(binary.line, what + "<binary> without a name");
      else this.checkBinary(start, binary !== null ? binary.line : node.line, what);
      const provides = node.child("provides");
      if (provides !== null) this.checkNames(provides, "<provides>", what);
      if (node.childrenOf("route").length > 1) this.add(node.childrenOf("route")[1].line, what + "more than one <route>");
      const rules = start.rules;
      if (rules !== null) this.checkRules(config, rules, what);
      if (scope.length > 0) this.checkParentConfig(config, start, what);
      const nested = start.nestedConfig;
      if (nested !== null) this.checkConfig(nested, scope + "in \"" + start.name + "\": ");
    }
  }

  /**
   * In a nested init: a child without an inline <config> whose ROM "config" goes to the parent gets
   * the config the outer init serves for this init, i.e. this whole config with every sibling's
   * <config> (as in Genode). At the top, core serves its config to the top init alone, so only
   * nested inits are warned about.
   */
  private checkParentConfig(config: InitConfig, start: Start, what: string): void {
    if (start.config !== null) return;
    if (routeRequest(config, start.name, "ROM", "config", false).kind != RouteKind.Parent) return;
    this.warn(start.node.line, what + "has no inline <config>, and its ROM \"config\" goes to the parent: it reads this init's whole config, every sibling's <config> with it (give it a <config/>)");
  }

  /**
   * A ROM rule with label_prefix towards <parent/>: the child chooses the rest of the label, and
   * with it the last element, which names the module served above ("public -> config" asks for
   * "config"). A target's `label` or `resource` fixes it.
   */
  private checkChosenModule(rule: RouteRule, t: Node, what: string): void {
    const n = rule.node;
    if (rule.service != "ROM" && !rule.anyService) return;
    if (!n.has("label_prefix") || n.has("label") || n.has("label_suffix") || n.has("label_last") || n.has("unscoped_label")) return;
    if (t.has("label") || t.has("resource")) return;
    const prefix = n.attributeOr("label_prefix", "");
    this.warn(t.line, what + "ROM with label_prefix=\"" + prefix + "\" goes to <parent/>: the child chooses the label's last element, the module served (\"" + prefix + " -> config\" asks for \"config\")");
  }

  private checkBinary(start: Start, line: i32, what: string): void {
    const known = this.known;
    if (known === null) return;
    if (known.includes(start.binary) || known.includes(start.binary + ".wasm")) return;
    this.add(line, what + "binary \"" + start.binary + "\" is not in the boot image (add it with --rom FILE, or skip this check with --any-binary)");
  }

  private checkAliases(config: InitConfig, scope: string): void {
    for (let i = 0; i < config.aliases.length; i++) {
      const alias = unchecked(config.aliases[i]);
      const what = scope + "alias \"" + alias.name + "\": ";
      if (alias.name.length == 0) this.add(alias.node.line, scope + "<alias> without a name");
      else if (config.start(alias.name) !== null) this.add(alias.node.line, what + "a start has the same name");
      if (alias.child.length == 0) this.add(alias.node.line, what + "no child attribute");
      else if (config.start(alias.child) === null) this.add(alias.node.line, what + "there is no child \"" + alias.child + "\"");
    }
  }

  /**
   * Rules of a <route> or <default-route>: known node types, names, and targets that can serve.
   * As in Genode's route model, a target that cannot serve passes the request on to the next
   * target: only a rule none of whose targets can serve is an error. A `<service>` rule without a
   * target denies the service (Genode's deny idiom); a rule after one that takes every request of
   * its service is never reached, so nothing in it can be wrong.
   */
  private checkRules(config: InitConfig, rules: Array<RouteRule>, what: string): void {
    const denied = new Array<string>();
    let deniedLine = 0;
    for (let i = 0; i < rules.length; i++) {
      const rule = unchecked(rules[i]);
      const n = rule.node;
      if (n.type != "service" && n.type != "any-service") {
        this.add(n.line, what + "<" + n.type + "> is not a route rule (<service name> or <any-service>)");
        continue;
      }
      this.attributes(n, n.type == "service" ? "service-rule" : "any-service", what);
      const service = rule.service;
      if (n.type == "service" && service.length == 0) this.add(n.line, what + "<service> rule without a name");
      if (n.has("unscoped_label") && (n.has("label") || n.has("label_prefix") || n.has("label_suffix") || n.has("label_last"))) {
        this.add(n.line, what + "unscoped_label together with other label attributes (init ignores the others)");
      }
      const shadow = shadowingRule(config, rules, i);
      if (shadow !== null) {
        this.note(n.line, what + "unreachable: the rule at line " + shadow.node.line.toString() + " already takes every " + service + " request");
      } else if (rule.targets.length == 0) {
        if (n.type == "service") {
          if (deniedLine == 0) deniedLine = n.line;
          denied.push(service);
        }
        else this.warn(n.line, what + "<any-service> without a target passes every request on to the next rule");
      }
      let served = shadow !== null;
      const passed = new Array<Problem>();
      for (let j = 0; j < rule.targets.length; j++) {
        const t = unchecked(rule.targets[j]).node;
        if (!TARGETS.includes(t.type)) {
          this.add(t.line, what + "<" + t.type + "> is not a route target (<parent>, <child name> or <any-child>)");
          continue;
        }
        this.attributes(t, t.type, what);
        if (served) continue;
        if (t.type == "child" && !t.has("name")) {
          this.add(t.line, what + "<child> target without a name");
          continue;
        }
        if (t.type == "any-child" && service.length > 0 && config.providersOf(service).length > 1) {
          // Genode logs an error at every request that reaches it.
          this.add(t.line, what + service + " is routed to <any-child/> but several children provide it (ambiguous)");
          continue;
        }
        const why = targetRefusal(config, t, service);
        if (why.length > 0) {
          passed.push(new Problem(t.line, 0, what + why, 0));
          continue;
        }
        served = true;
        if (t.type == "parent") this.checkChosenModule(rule, t, what);
      }
      for (let j = 0; j < passed.length; j++) {
        const p = unchecked(passed[j]);
        if (served) this.note(p.line, p.message + " (requests pass on to the next target)");
        else this.add(p.line, p.message);
      }
    }
    if (denied.length > 0) this.note(deniedLine, what + "denies " + denied.join(", ") + " (<service> rules without a target)");
  }

  /** `<service name>` at init level: each policy forwards to a child that provides the service. */
  private checkForwarding(config: InitConfig, scope: string): void {
    for (let i = 0; i < config.services.length; i++) {
      const s = unchecked(config.services[i]);
      const service = s.attributeOr("name", "");
      const what = scope + "<service name=\"" + service + "\">: ";
      if (service.length == 0) this.add(s.line, scope + "<service> without a name");
      const later = config.service(service);
      // Genode's init merges <service> nodes of one name into one, the later node's policies winning.
      if (later !== null && later !== s) {
        this.warn(s.line, what + "a later <service name=\"" + service + "\"> (line " + later.line.toString() + ") replaces this one (init takes the last)");
        continue;
      }
      this.onlyAttributes(s, ["name"], scope);
      for (let j = 0; j < s.children.length; j++) {
        const p = unchecked(s.children[j]);
        if (p.type != "policy" && p.type != "default-policy") {
          this.add(p.line, what + "<" + p.type + "> is not a <policy> or <default-policy>");
          continue;
        }
        this.attributes(p, p.type, what);
        const target = p.child("child");
        if (target !== null) this.attributes(target, "child", what);
        if (target === null) this.add(p.line, what + "<" + p.type + "> without a <child name> target");
        else if (service.length > 0) {
          const why = targetRefusal(config, target, service);
          if (why.length > 0) this.add(target.line, what + why);
        }
      }
    }
  }
}
