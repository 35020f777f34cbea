// Routing a package's requirements, Sculpt's way: each requirement's candidates among the runtime's parent services and its children's, the choice, and the <start> that results.
//
// The parent services are the runtime config's <parent-provides> (the config the shell writes,
// runtime.ts: what init lets its children reach of its parent); the children's are the <provides>
// of the starts in that config, but for those the state report says exited.
import { Attr, Node } from "../components/lib/config/parse.ts";
import { Package, Requirement } from "./package.ts";
import { Runtime } from "./runtime.ts";

/** Where a session can go: a child of the runtime by name, or ("") the runtime's parent; `service` as the provider names it. */
export class Provider {
  constructor(readonly child: string, readonly service: string) {}

  /** As `--route` names it: child:NAME or parent. */
  describe(): string { return this.child.length > 0 ? "child:" + this.child : "parent"; }
}

/** A requirement with its candidates and the one chosen (null until chosen). */
export class RouteChoice {
  chosen: Provider | null = null;
  constructor(readonly requirement: Requirement, readonly candidates: Array<Provider>) {}

  choices(): string {
    const words = new Array<string>();
    for (let i = 0; i < this.candidates.length; i++) words.push(this.candidates[i].describe());
    return words.join(", ");
  }
}

/** `--route SERVICE[:LABEL]=child:NAME` or `=parent`. */
export class RouteOption {
  constructor(readonly text: string, readonly service: string, readonly label: string, readonly child: string) {}
}

/** The option's text parsed, or null when it is not of the form SERVICE[:LABEL]=child:NAME|parent. */
export function parseRouteOption(text: string): RouteOption | null {
  const eq = text.indexOf("=");
  if (eq <= 0) return null;
  const left = text.substring(0, eq), right = text.substring(eq + 1);
  const colon = left.indexOf(":");
  const service = colon < 0 ? left : left.substring(0, colon), label = colon < 0 ? "" : left.substring(colon + 1);
  if (service.length == 0 || (colon >= 0 && label.length == 0)) return null;
  if (right == "parent") return new RouteOption(text, service, label, "");
  if (!right.startsWith("child:") || right.length == 6) return null;
  return new RouteOption(text, service, label, right.substring(6));
}

function sameService(a: string, b: string): bool { return a.toLowerCase() == b.toLowerCase(); }

/** The services of `node`'s <service> children (of <parent-provides> or <provides>). */
function services(node: Node | null): Array<string> {
  const out = new Array<string>();
  if (node == null) return out;
  const list = node.childrenOf("service");
  for (let i = 0; i < list.length; i++) out.push(list[i].attributeOr("name", ""));
  return out;
}

/** The names of the runtime's children that exited, by its latest state report. */
function exitedChildren(r: Runtime): Set<string> {
  const out = new Set<string>();
  const children = r.children();
  for (let i = 0; i < children.length; i++) if (children[i].state.startsWith("exited")) out.add(children[i].name);
  return out;
}

/** Each requirement of `pkg` with the providers the runtime has for it (the parent's first, then the children's in start order). */
export function routeChoices(r: Runtime, pkg: Package): Array<RouteChoice> {
  const out = new Array<RouteChoice>();
  const parent = services(r.tree.child("parent-provides"));
  const exited = exitedChildren(r);
  const starts = r.tree.childrenOf("start");
  for (let i = 0; i < pkg.requires.length; i++) {
    const req = pkg.requires[i];
    const candidates = new Array<Provider>();
    for (let j = 0; j < parent.length; j++) if (sameService(parent[j], req.service)) candidates.push(new Provider("", parent[j]));
    for (let j = 0; j < starts.length; j++) {
      const name = starts[j].attributeOr("name", "");
      if (exited.has(name)) continue;
      const provided = services(starts[j].child("provides"));
      for (let k = 0; k < provided.length; k++) {
        if (sameService(provided[k], req.service)) { candidates.push(new Provider(name, provided[k])); break; }
      }
    }
    const choice = new RouteChoice(req, candidates);
    if (candidates.length == 1) choice.chosen = candidates[0];
    out.push(choice);
  }
  return out;
}

/** Applies the --route options to the choices: "" when all applied, else what is wrong (nothing is chosen then). */
export function applyRouteOptions(name: string, choices: Array<RouteChoice>, options: Array<RouteOption>): string {
  const picks = new Array<Provider>(choices.length);
  const picked = new Array<bool>(choices.length);
  for (let i = 0; i < options.length; i++) {
    const o = options[i];
    let matched = false;
    for (let j = 0; j < choices.length; j++) {
      const c = choices[j], req = c.requirement;
      if (!sameService(req.service, o.service) && !sameService(req.node, o.service)) continue;
      if (o.label.length > 0 && o.label != req.label) continue;
      matched = true;
      let found = -1;
      for (let k = 0; k < c.candidates.length; k++) if (c.candidates[k].child == o.child) found = k;
      if (found < 0) {
        const what = o.child.length > 0 ? o.child + " is no started component providing " + req.service : "the runtime's parent provides no " + req.service;
        return "--route " + o.text + ": " + what + " (" + (c.candidates.length > 0 ? "choices: " + c.choices() : "nothing provides it") + ")";
      }
      picks[j] = c.candidates[found];
      picked[j] = true;
    }
    if (!matched) return "--route " + o.text + ": " + name + " requires no " + o.service + (o.label.length > 0 ? " label " + o.label : "");
  }
  for (let j = 0; j < choices.length; j++) if (picked[j]) choices[j].chosen = picks[j];
  return "";
}

function node(type: string, attrs: Array<string>): Node {
  const n = new Node(type);
  for (let i = 0; i + 1 < attrs.length; i += 2) n.attrs.push(new Attr(attrs[i], attrs[i + 1]));
  return n;
}

/**
 * The <start> of package `pkg` as `name`, every requirement routed as chosen (Sculpt writes them
 * the same way): <service name="S" label="L"> <child name="C"/> </service>, or <parent/>. What
 * it did not declare goes to the parent (its LOG, PD, CPU and ROMs), and nowhere else.
 */
export function startNode(name: string, pkg: Package, choices: Array<RouteChoice>, extraProvides: Array<string>): Node {
  const start = node("start", ["name", name, "ram", pkg.ram, "caps", pkg.caps]);
  if (pkg.binary != name) start.children.push(node("binary", ["name", pkg.binary]));
  const provided = pkg.provides.slice(0);
  for (let i = 0; i < extraProvides.length; i++) if (!provided.includes(extraProvides[i])) provided.push(extraProvides[i]);
  if (provided.length > 0) {
    const p = node("provides", []);
    for (let i = 0; i < provided.length; i++) p.children.push(node("service", ["name", provided[i]]));
    start.children.push(p);
  }
  const config = pkg.config;
  if (config != null) start.children.push(config);
  const route = node("route", []);
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i], target = c.chosen!;
    const s = node("service", ["name", target.service]);
    if (c.requirement.label.length > 0) s.attrs.push(new Attr("label", c.requirement.label));
    s.children.push(target.child.length > 0 ? node("child", ["name", target.child]) : node("parent", []));
    route.children.push(s);
  }
  // A config from a ROM of the package (Genode's `config` attribute): the parent's ROM of that name.
  if (pkg.configRom.length > 0) {
    const s = node("service", ["name", "ROM", "label", "config"]);
    s.children.push(node("parent", ["label", pkg.configRom]));
    route.children.push(s);
  }
  const any = node("any-service", []);
  any.children.push(node("parent", []));
  route.children.push(any);
  start.children.push(route);
  return start;
}
