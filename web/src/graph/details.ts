// The panel for a clicked component: its state and quotas, sessions, routes, <start> node and recent log, written as text only.
import type { StartInfo } from "./config.ts";
import { capsText, ramText, stateText } from "./format.ts";
import type { ComponentNode, SessionEdge } from "./model.ts";
import { swapFacts, type SwapInfo } from "./swaps.ts";

/** Everything the panel shows about one component. */
export interface Details {
  label: string;
  /** Null when the component is no longer in the report (stopped): the rest still shows. */
  node: ComponentNode | null;
  /** Arrows from it (its sessions) and to it (sessions it serves). */
  uses: SessionEdge[];
  serves: SessionEdge[];
  /** Its part of its init's config; null for core. */
  config: StartInfo | null;
  log: string[];
  /** What core and its init logged about it (a fault's cause, a denied session), oldest first per source. */
  events: string[];
  /** What the panel offers to do with it (stop, restart: a runtime child's), as buttons. */
  actions?: Action[];
}

/** A button of the panel: `name` its text, `hint` its title; run() answers null or why it could not. */
export interface Action { name: string; hint: string; run(): string | null }

/** How many log lines the panel keeps: the page's log holds more. */
const LOG_LINES = 40;

function h(doc: Document, tag: string, text?: string, cls?: string): HTMLElement {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls !== undefined) e.className = cls;
  return e;
}

function section(doc: Document, title: string, ...content: HTMLElement[]): HTMLElement {
  const s = h(doc, "section");
  s.append(h(doc, "h3", title), ...content);
  return s;
}

function list(doc: Document, items: string[], empty: string): HTMLElement {
  if (items.length === 0) return h(doc, "p", empty, "empty");
  const ul = h(doc, "ul");
  for (const i of items) ul.append(h(doc, "li", i));
  return ul;
}

function facts(doc: Document, rows: Array<[string, string]>): HTMLElement {
  const dl = h(doc, "dl");
  for (const [k, v] of rows) dl.append(h(doc, "dt", k), h(doc, "dd", v));
  return dl;
}

const times = (e: SessionEdge): string => (e.count > 1 ? ` ×${e.count}` : "");
const marks = (e: SessionEdge): string => (e.denied ? " (denied)" : e.pending ? " (waiting)" : "");

/** One line per peer: "→ init -> fs: File_system, ROM ×2". */
function byPeer(edges: SessionEdge[], peer: (e: SessionEdge) => string, arrow: string): string[] {
  const lines = new Map<string, string[]>();
  for (const e of edges) lines.set(peer(e), [...(lines.get(peer(e)) ?? []), `${e.service}${times(e)}${marks(e)}`]);
  return [...lines].map(([p, services]) => `${arrow} ${p}: ${services.join(", ")}`);
}

/** Its last swap: how it went, why (a rollback's reason), and the binaries before and after. */
function swapSection(doc: Document, s: SwapInfo): HTMLElement {
  const part = section(doc, "Swap", facts(doc, swapFacts(s)));
  part.setAttribute("data-swap", s.state);
  return part;
}

function routesSection(doc: Document, config: StartInfo): HTMLElement {
  const source = config.routeSource === "route" ? "its own <route>" : config.routeSource === "default-route" ? "the config's <default-route>" : "no route: nothing is routed";
  const items = config.routes.map((r) => `${r.sessions} → ${r.targets.length > 0 ? r.targets.join(", then ") : "nowhere"}`);
  return section(doc, "Routes", h(doc, "p", `From ${source}:`, "note"), list(doc, items, "no rules"));
}

/** The panel's buttons, and a line under them for an action that could not be done. */
function actionBar(doc: Document, actions: Action[]): HTMLElement {
  const bar = h(doc, "div", undefined, "actions");
  const problem = h(doc, "p", "", "note problem");
  for (const a of actions) {
    const b = h(doc, "button", a.name) as HTMLButtonElement;
    b.type = "button";
    b.title = a.hint;
    b.setAttribute("data-action", a.name.toLowerCase());
    b.addEventListener("click", () => { problem.textContent = a.run() ?? ""; });
    bar.append(b);
  }
  bar.append(problem);
  return bar;
}

/** Shows `d` in `host`, replacing what was there; `host` gets data-details with the label. */
export function renderDetails(host: HTMLElement, d: Details): void {
  const doc = host.ownerDocument;
  host.setAttribute("data-details", d.label);
  const n = d.node;
  const header = h(doc, "header");
  header.append(h(doc, "h2", n?.name ?? d.label), h(doc, "span", n !== null ? stateText(n) : "gone", `state state-${n?.state ?? "gone"}`));
  const parts: HTMLElement[] = [header];
  if (n !== null && d.actions !== undefined && d.actions.length > 0) parts.push(actionBar(doc, d.actions));
  if (n !== null && n.kind === "component") {
    const rows: Array<[string, string]> = [["label", n.label], ["binary", n.binary], ["RAM", ramText(n)], ["caps", capsText(n)]];
    if (n.sha256 !== "") rows.push(["sha256", `${n.sha256} (${n.origin === "local" ? "a local build" : "the boot image's"})`]);
    if (n.version !== "") rows.push(["version", n.version]);
    parts.push(facts(doc, rows));
    if (n.swap !== null) parts.push(swapSection(doc, n.swap));
  } else if (n === null) {
    parts.push(h(doc, "p", "No longer in its init's state report (stopped, or its config removed it).", "note"));
  } else {
    parts.push(h(doc, "p", "Core: what init's children ask their parent for and nothing routes to a sibling.", "note"));
  }
  parts.push(section(doc, "Sessions", list(doc, byPeer(d.uses, (e) => e.server, "→"), "none reported")));
  if (d.serves.length > 0) parts.push(section(doc, "Serves", list(doc, byPeer(d.serves, (e) => e.client, "←"), "")));
  if (d.config !== null) {
    parts.push(routesSection(doc, d.config));
    const pre = h(doc, "pre", d.config.startXml ?? "(its init's config has no <start> of this name, or is not here yet)", "config");
    parts.push(section(doc, "Config", pre));
  }
  if (d.events.length > 0) parts.push(section(doc, "Core and init about it", h(doc, "pre", d.events.slice(-LOG_LINES).join("\n"), "log")));
  const log = d.log.slice(-LOG_LINES);
  parts.push(section(doc, "Recent log", log.length > 0 ? h(doc, "pre", log.join("\n"), "log") : h(doc, "p", "nothing logged", "empty")));
  host.replaceChildren(...parts);
}

/** Empties the panel: nothing selected. */
export function clearDetails(host: HTMLElement): void {
  host.removeAttribute("data-details");
  host.replaceChildren(h(host.ownerDocument, "p", "Click a component to see its config, routes and recent log.", "wasmode-details-empty"));
}
