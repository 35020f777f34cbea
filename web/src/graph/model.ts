// The graph's model: the state reports turned into components (boxes), the runtime's cluster and sessions (arrows), without the DOM.
import { readState, routeSessions, type Quota, type ReportedChild, type RoutedSession } from "./report.ts";
import { readSwaps, type SwapInfo } from "./swaps.ts";
import { parseOrNull, type ParseXml } from "./xml.ts";

/** What the graph is drawn from: the reports and configs as XML text, each null until it arrives. */
export interface GraphInputs {
  topState: string | null;
  runtimeState: string | null;
  topConfig: string | null;
  runtimeConfig: string | null;
  /** Core's swaps report (swaps.ts): how each swapped component's last swap went; absent or null until one arrives. */
  swaps?: string | null;
}

/** The top init's label, the runtime's name under it, and the node sessions to the top init's parent go to. */
export const TOP_INIT = "init";
export const RUNTIME = "runtime";
export const CORE = "core";
export const RUNTIME_LABEL = `${TOP_INIT} -> ${RUNTIME}`;

/** One box: a component (or core). */
export interface ComponentNode {
  /** Its full label, as log lines and session labels name it: "init -> runtime -> hello"; "core". */
  label: string;
  name: string;
  binary: string;
  kind: "core" | "component";
  /** The label of the init that started it ("init", "init -> runtime"); "" for core. */
  init: string;
  /** The cluster it is drawn in (the runtime's label), or null at the top. */
  cluster: string | null;
  /** running, exited, faulted, killed, incomplete (not started yet, or ended for a reason the log does not say). */
  state: string;
  exitCode: number | null;
  version: string;
  skippedHeartbeats: number;
  /** The binary it runs: sha256 (hex) and "image" or "local"; "" when unknown. */
  sha256: string;
  origin: string;
  ram: Quota | null;
  caps: Quota | null;
  /** Its last swap, when core swapped it (swaps.ts); null when it runs the version it started with. */
  swap: SwapInfo | null;
}

/** One arrow: every session of `service` from `client` to `server`, merged. */
export interface SessionEdge {
  /** `<client> -> <server>: <service>` with full labels: the SVG's data-edge. */
  id: string;
  client: string;
  server: string;
  service: string;
  count: number;
  /** All its sessions still wait for the server (CREATE_REQUESTED). */
  pending: boolean;
  /** All its sessions were denied (SERVICE_DENIED, INSUFFICIENT_RAM_QUOTA). */
  denied: boolean;
}

/** A nested init drawn as a frame around its own box and its children. */
export interface Cluster {
  /** The nested init's label ("init -> runtime"): its own box has this label too. */
  label: string;
  name: string;
}

export interface GraphModel {
  nodes: ComponentNode[];
  edges: SessionEdge[];
  clusters: Cluster[];
}

/** Recent log lines of a label, oldest first: init logs why a child ended (`child "bad" faulted`). */
export type LogOf = (label: string) => string[];

/**
 * init reports a child that ended without exiting as "incomplete", as Genode does; its own log
 * says whether it faulted or was killed.
 */
function stateOf(child: ReportedChild, initLabel: string, logOf: LogOf): string {
  if (child.exitCode !== null) return "exited";
  if (child.reportedState === "") return "running";
  if (child.reportedState !== "incomplete") return child.reportedState;
  const mention = `child "${child.name}" `;
  const lines = logOf(initLabel);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!line.includes(mention)) continue;
    if (line.includes(mention + "faulted")) return "faulted";
    if (line.includes(mention + "was killed")) return "killed";
    break;
  }
  return "incomplete";
}

function nodeOf(child: ReportedChild, initLabel: string, cluster: string | null, logOf: LogOf): ComponentNode {
  return {
    label: `${initLabel} -> ${child.name}`,
    name: child.name,
    binary: child.binary,
    kind: "component",
    init: initLabel,
    cluster,
    state: stateOf(child, initLabel, logOf),
    exitCode: child.exitCode,
    version: child.version,
    skippedHeartbeats: child.skippedHeartbeats,
    sha256: child.sha256,
    origin: child.origin,
    ram: child.ram,
    caps: child.caps,
    swap: null,
  };
}

const DENIED = new Set(["SERVICE_DENIED", "INSUFFICIENT_RAM_QUOTA"]);

/** Collects sessions into one edge per client, server and service. */
class Edges {
  private byId = new Map<string, SessionEdge>();

  add(client: string, server: string, session: RoutedSession): void {
    const id = `${client} -> ${server}: ${session.service}`;
    const pending = session.state === "CREATE_REQUESTED", denied = DENIED.has(session.state);
    const e = this.byId.get(id);
    if (e === undefined) {
      this.byId.set(id, { id, client, server, service: session.service, count: 1, pending, denied });
    } else {
      e.count++;
      e.pending &&= pending;
      e.denied &&= denied;
    }
  }

  all(): SessionEdge[] { return [...this.byId.values()]; }
}

const noLog: LogOf = () => [];

/** Builds the model from whatever inputs there are: absent or malformed XML gives fewer boxes, never an exception. */
export function buildModel(inputs: GraphInputs, parse: ParseXml, logOf: LogOf = noLog): GraphModel {
  const top = readState(parseOrNull(parse, inputs.topState));
  const runtimeEntry = top.find((c) => c.name === RUNTIME);
  // A runtime that no longer runs leaves its last report behind: its children are gone with it.
  const runtimeRuns = runtimeEntry === undefined || stateOf(runtimeEntry, TOP_INIT, logOf) === "running";
  const nested = runtimeRuns ? readState(parseOrNull(parse, inputs.runtimeState)) : [];
  const hasCluster = runtimeEntry !== undefined && nested.length > 0;
  const cluster = hasCluster ? RUNTIME_LABEL : null;

  const nodes = top.map((c) => nodeOf(c, TOP_INIT, c.name === RUNTIME ? cluster : null, logOf));
  const nestedNodes = nested.map((c) => nodeOf(c, RUNTIME_LABEL, cluster, logOf));
  nodes.push(...nestedNodes);

  const edges = new Edges();
  const topRouted = routeSessions(top);
  // Only children whose own sessions the runtime's report lists take those sessions over.
  const nestedNames = new Set(nested.filter((c) => c.requested !== null).map((c) => c.name));
  for (const s of topRouted) {
    // The runtime asks its parent on behalf of its children: those sessions are drawn from the children.
    if (s.client === RUNTIME && forwardedFor(s.label, nestedNames) !== null) continue;
    edges.add(`${TOP_INIT} -> ${s.client}`, s.server !== null ? `${TOP_INIT} -> ${s.server}` : CORE, s);
  }
  for (const s of routeSessions(nested)) {
    edges.add(`${RUNTIME_LABEL} -> ${s.client}`, s.server !== null ? `${RUNTIME_LABEL} -> ${s.server}` : parentServer(s, topRouted, runtimeEntry !== undefined), s);
  }

  // Core names a swapped component by its label, as the nodes are named.
  const swaps = readSwaps(parseOrNull(parse, inputs.swaps ?? null));
  for (const n of nodes) n.swap = swaps.get(n.label) ?? null;

  const all = edges.all();
  if (nodes.length > 0 || all.some((e) => e.server === CORE)) nodes.unshift(coreNode());
  const labels = new Set(nodes.map((n) => n.label));
  return {
    nodes,
    // An arrow needs both ends drawn (a report may name a server the other report does not show yet).
    edges: all.filter((e) => labels.has(e.client) && labels.has(e.server)),
    clusters: hasCluster ? [{ label: RUNTIME_LABEL, name: RUNTIME }] : [],
  };
}

/** The runtime child a label of the runtime's own session stands for ("runtime -> hello -> x": hello), or null. */
function forwardedFor(label: string, children: Set<string>): string | null {
  const prefix = `${RUNTIME} -> `;
  if (!label.startsWith(prefix)) return null;
  const name = label.slice(prefix.length).split(" -> ")[0]!;
  return children.has(name) ? name : null;
}

/**
 * Where a runtime child's session to its parent went: the runtime forwarded it under its own
 * label ("runtime -> hello"), so the top report tells the server. Not found there, the runtime
 * itself serves it (its children's config ROMs), or there is no top report to say.
 */
function parentServer(s: RoutedSession, topRouted: RoutedSession[], runtimeDrawn: boolean): string {
  const label = `${RUNTIME} -> ${s.label}`;
  const forwarded = topRouted.find((t) => t.client === RUNTIME && t.service === s.service && t.label === label);
  if (forwarded !== undefined) return forwarded.server !== null ? `${TOP_INIT} -> ${forwarded.server}` : CORE;
  return runtimeDrawn ? RUNTIME_LABEL : CORE;
}

/**
 * What core and the component's init logged about it, oldest first per source: core names it by
 * label (`init -> runtime -> bad: fault: …`, or by a session's label, `init -> fs -> : "Storage"
 * session denied` for one asked for with the empty label), init by name (`child "bad" faulted`,
 * `fs: "Storage" session denied`).
 */
export function eventsAbout(node: ComponentNode, logOf: LogOf): string[] {
  const text = (line: string): string => line.replace(/^\[[^\]]*\] /, ""); // with or without the "[label] " prefix
  const byCore = logOf(CORE).filter((l) => text(l).startsWith(`${node.label}: `) || text(l).startsWith(`${node.label} -> : `));
  const byInit = logOf(node.init).filter((l) => text(l).startsWith(`${node.name}: `) || text(l).startsWith(`child "${node.name}" `));
  return [...byCore, ...byInit];
}

function coreNode(): ComponentNode {
  return {
    label: CORE, name: CORE, binary: "", kind: "core", init: "", cluster: null, state: "running",
    exitCode: null, version: "", skippedHeartbeats: 0, sha256: "", origin: "", ram: null, caps: null, swap: null,
  };
}
