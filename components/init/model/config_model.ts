// init's config read into a model: each part of Genode's init language, keeping the node (and so the line) it came from.
import { Node } from "../../lib/config/node.ts";

/**
 * What init keeps for itself unless `<resource name="RAM|CAP" preserve>` says otherwise. Genode
 * keeps 40 KiB per byte of a machine word; a Wasm32 word has 4 bytes.
 */
export const DEFAULT_PRESERVE_RAM: u64 = 40 * 4 * 1024;
export const DEFAULT_PRESERVE_CAPS: u64 = 20;
/** Heartbeat period when `<heartbeat>` gives no `rate_ms`. */
export const DEFAULT_HEARTBEAT_MS: u64 = 1000;

/** One target of a route rule: `<parent>`, `<child name>`, `<any-child>` (or something init does not know). */
export class RouteTarget {
  constructor(readonly node: Node, readonly index: i32) {}

  get kind(): string {
    return this.node.type;
  }

  /** The child a `<child>` target names ("" for other targets). */
  get childName(): string {
    return this.node.type == "child" ? this.node.attributeOr("name", "") : "";
  }
}

/** One rule of a `<route>` or `<default-route>`: `<service name>` or `<any-service>`, its label conditions and targets. */
export class RouteRule {
  targets: Array<RouteTarget> = new Array<RouteTarget>();

  constructor(readonly node: Node, readonly index: i32) {
    const subs = node.children;
    for (let i = 0; i < subs.length; i++) this.targets.push(new RouteTarget(unchecked(subs[i]), i));
  }

  get anyService(): bool {
    return this.node.type == "any-service";
  }

  /** The service a `<service>` rule names ("" for `<any-service>`). */
  get service(): string {
    return this.node.type == "service" ? this.node.attributeOr("name", "") : "";
  }
}

/** The rules of a route node, in order. */
export function rulesOf(route: Node): Array<RouteRule> {
  const rules = new Array<RouteRule>();
  for (let i = 0; i < route.children.length; i++) rules.push(new RouteRule(unchecked(route.children[i]), i));
  return rules;
}

/** A `<start>`: one child of init. */
export class Start {
  name: string = "";
  /** The binary's ROM name: `<binary name>`, else the start's name. */
  binary: string = "";
  ram: u64 = 0;
  caps: u64 = 0;
  /** Changing it restarts the child ("" when absent). */
  version: string = "";
  priority: i64 = 0;
  /** Wasmode's `fuel`: units per activation (about a loop iteration each) (0: the host's default). */
  fuel: u32 = 0;
  /** Wasmode's `stack`: bytes of stack its recursion may take (0: the host's default, 64K). */
  stack: u32 = 0;
  /** Wasmode's `probation_ms`: how long a swap of its code stays on probation (0: core's default, 10 s). */
  probationMs: u32 = 0;
  /** `ld="no"`: the binary is its own dynamic linker. */
  ld: bool = true;
  /** Services the child announces, from `<provides>`, in order (duplicates kept: Genode counts each). */
  provides: Array<string> = new Array<string>();
  /** The start's own `<route>`, or null when the child follows the `<default-route>`. */
  route: Node | null = null;
  rules: Array<RouteRule> | null = null;
  /** The inline `<config>`, served to the child as its "config" ROM; opaque to init unless the child is an init. */
  config: Node | null = null;
  heartbeat: bool = false;
  restartAfterSkipped: u64 = 0;

  constructor(readonly node: Node, defaults: InitConfig) {
    this.name = node.attributeOr("name", "");
    const binary = node.child("binary");
    this.binary = binary !== null ? binary.attributeOr("name", "") : this.name;
    // Genode: `ram` (or the default), then a legacy <resource name="RAM" quantum> overrides it;
    // <resource name="CAP" quantum> overrides `caps` (a CAP resource without quantum means 0).
    let ram = node.attributeU64("ram", defaults.defaultRam);
    let caps = node.attributeU64("caps", defaults.defaultCaps);
    const resources = node.childrenOf("resource");
    for (let i = 0; i < resources.length; i++) {
      const r = unchecked(resources[i]);
      const kind = r.attributeOr("name", "");
      if (kind == "RAM") ram = r.attributeU64("quantum", ram);
      if (kind == "CAP") caps = r.attributeU64("quantum", 0);
    }
    this.ram = ram;
    this.caps = caps;
    this.version = node.attributeOr("version", "");
    this.priority = node.attributeI64("priority", 0);
    const fuel = node.attributeU64("fuel", 0);
    this.fuel = fuel > <u64>0x7fffffff ? 0x7fffffff : <u32>fuel;
    const stack = node.attributeU64("stack", 0);
    this.stack = stack > <u64>0x7fffffff ? 0x7fffffff : <u32>stack;
    const probation = node.attributeU64("probation_ms", 0);
    this.probationMs = probation > <u64>0x7fffffff ? 0x7fffffff : <u32>probation;
    this.ld = node.attributeBool("ld", true);
    const provides = node.child("provides");
    if (provides !== null) {
      const services = provides.childrenOf("service");
      for (let i = 0; i < services.length; i++) this.provides.push(unchecked(services[i]).attributeOr("name", ""));
    }
    const route = node.child("route");
    this.route = route;
    if (route !== null) this.rules = rulesOf(route);
    this.config = node.child("config");
    const heartbeat = node.child("heartbeat");
    this.heartbeat = heartbeat !== null;
    this.restartAfterSkipped = heartbeat !== null ? heartbeat.attributeU64("restart_after_skipped", 0) : 0;
  }

  provide(service: string): bool {
    return this.provides.includes(service);
  }

  /** Nested init: a child whose binary is init and whose config is inline. */
  get nestedConfig(): Node | null {
    return this.binary == "init" ? this.config : null;
  }
}

/** `<alias name child>`: another name for a child in `<child name>` targets. */
export class Alias {
  constructor(readonly node: Node, readonly name: string, readonly child: string) {}
}

/** The whole config of one init. */
export class InitConfig {
  /** `version`, reflected in init's state report. */
  version: string = "";
  verbose: bool = false;
  prioLevels: i64 = 0;
  parentProvides: Array<string> = new Array<string>();
  defaultRoute: Node | null = null;
  defaultRules: Array<RouteRule> | null = null;
  /** `<default caps ram>`; 0 when not given (Genode then warns that the child has no valid quota). */
  defaultCaps: u64 = 0;
  defaultRam: u64 = 0;
  /** `<resource name="RAM|CAP" preserve>` at init level: what init keeps for itself. */
  preserveRam: u64 = DEFAULT_PRESERVE_RAM;
  preserveCaps: u64 = DEFAULT_PRESERVE_CAPS;
  starts: Array<Start> = new Array<Start>();
  aliases: Array<Alias> = new Array<Alias>();
  /** `<service name>` nodes: sessions init's own parent asks for, forwarded to children by `<policy>`. */
  services: Array<Node> = new Array<Node>();
  /** `<report>`: what init's state report contains. */
  report: Node | null = null;
  /** `<heartbeat rate_ms>`: 0 when init watches no heartbeats. */
  heartbeatRateMs: u64 = 0;

  constructor(readonly node: Node) {}

  /** The first start of that name, or null. */
  start(name: string): Start | null {
    for (let i = 0; i < this.starts.length; i++) if (unchecked(this.starts[i]).name == name) return unchecked(this.starts[i]);
    return null;
  }

  /** The child a name in a `<child>` target means: the alias's child, or the name itself. */
  derefAlias(name: string): string {
    for (let i = 0; i < this.aliases.length; i++) if (unchecked(this.aliases[i]).name == name) return unchecked(this.aliases[i]).child;
    return name;
  }

  /** The rules a child's session requests go through: its `<route>` replaces `<default-route>` entirely. */
  rulesFor(start: Start): Array<RouteRule> | null {
    return start.rules !== null ? start.rules : this.defaultRules;
  }

  /**
   * The `<service name>` node init forwards `service` by: the last of that name, as Genode's init
   * merges same-named nodes into one and the later node's content wins (its List_model update).
   */
  service(name: string): Node | null {
    for (let i = this.services.length - 1; i >= 0; i--) if (unchecked(this.services[i]).attributeOr("name", "") == name) return unchecked(this.services[i]);
    return null;
  }

  parentProvide(service: string): bool {
    return this.parentProvides.includes(service);
  }

  /** The starts announcing a service, once per `<provides>` entry. */
  providersOf(service: string): Array<Start> {
    const out = new Array<Start>();
    for (let i = 0; i < this.starts.length; i++) {
      const s = unchecked(this.starts[i]);
      for (let j = 0; j < s.provides.length; j++) if (unchecked(s.provides[j]) == service) out.push(s);
    }
    return out;
  }
}

/** Reads an init config node. Never fails: what is missing or malformed takes Genode's default (check.ts reports it). */
export function readInitConfig(node: Node): InitConfig {
  const config = new InitConfig(node);
  config.version = node.attributeOr("version", "");
  config.verbose = node.attributeBool("verbose", false);
  config.prioLevels = node.attributeI64("prio_levels", 0);
  // <default> first: a start's quota falls back to it wherever the nodes stand
  const defaults = node.child("default");
  if (defaults !== null) {
    config.defaultCaps = defaults.attributeU64("caps", 0);
    config.defaultRam = defaults.attributeU64("ram", 0);
  }
  const subs = node.children;
  for (let i = 0; i < subs.length; i++) {
    const n = unchecked(subs[i]);
    const type = n.type;
    if (type == "parent-provides") {
      const services = n.childrenOf("service");
      for (let j = 0; j < services.length; j++) config.parentProvides.push(unchecked(services[j]).attributeOr("name", ""));
    } else if (type == "default-route") {
      if (config.defaultRoute === null) {
        config.defaultRoute = n;
        config.defaultRules = rulesOf(n);
      }
    } else if (type == "start") {
      config.starts.push(new Start(n, config));
    } else if (type == "alias") {
      config.aliases.push(new Alias(n, n.attributeOr("name", ""), n.attributeOr("child", "")));
    } else if (type == "resource") {
      const kind = n.attributeOr("name", "");
      if (kind == "RAM") config.preserveRam = n.attributeU64("preserve", DEFAULT_PRESERVE_RAM);
      if (kind == "CAP") config.preserveCaps = n.attributeU64("preserve", DEFAULT_PRESERVE_CAPS);
    } else if (type == "service") {
      config.services.push(n);
    } else if (type == "report") {
      config.report = n;
    } else if (type == "heartbeat") {
      config.heartbeatRateMs = n.attributeU64("rate_ms", DEFAULT_HEARTBEAT_MS);
    }
  }
  return config;
}

/** The init configs a file holds: itself, or each <init_config> of a test-init script. */
export function initConfigNodes(root: Node): Array<Node> {
  const scripted = root.childrenOf("init_config");
  if (scripted.length > 0 && root.child("start") === null && root.child("parent-provides") === null) return scripted;
  const single = new Array<Node>();
  single.push(root);
  return single;
}
