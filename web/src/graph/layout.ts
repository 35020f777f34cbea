// Places the model's boxes, the runtime's frame and the arrows with dagre (a compound graph: the runtime's children inside its frame).
import dagre from "@dagrejs/dagre";
import { CORE, type Cluster, type ComponentNode, type GraphModel, type SessionEdge } from "./model.ts";

export interface Point { x: number; y: number }
export interface Box { x: number; y: number; width: number; height: number }

/** A component's box, top-left corner and size. */
export interface PlacedNode extends Box { node: ComponentNode }
export interface PlacedCluster extends Box { cluster: Cluster }

/** One arrow per client and server: the services between them share it, each with its label line. */
export interface PlacedLink {
  client: string;
  server: string;
  edges: SessionEdge[];
  points: Point[];
  /** The label block's centre. */
  label: Point;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  clusters: PlacedCluster[];
  links: PlacedLink[];
}

/** Sizes the renderer draws to (pixels in the SVG's user space). */
export const SIZES = {
  componentWidth: 184,
  componentHeight: 105,
  coreWidth: 120,
  coreHeight: 40,
  lineHeight: 14,
  charWidth: 7,
  margin: 16,
} as const;

/** A service's part of a link's label: its name, and how many sessions when more than one. */
export function edgeLabelText(e: SessionEdge): string { return e.count > 1 ? `${e.service}×${e.count}` : e.service; }

/** Longest label row in characters: more services flow onto the next row. */
const ROW_CHARS = 22;

/** A link's label rows, services flowed into rows of a few words: the renderer writes the same rows. */
export function linkRows(link: { edges: SessionEdge[] }): SessionEdge[][] {
  const rows: SessionEdge[][] = [];
  let width = 0;
  for (const e of link.edges) {
    const w = edgeLabelText(e).length;
    const row = rows.at(-1);
    if (row !== undefined && width + 1 + w <= ROW_CHARS) { row.push(e); width += 1 + w; }
    else { rows.push([e]); width = w; }
  }
  return rows;
}

/** A label row's width in characters. */
export const rowChars = (row: SessionEdge[]): number => row.map(edgeLabelText).join(" ").length;

const CLUSTER_PREFIX = "cluster:";

/** Lays the model out; cheap for the few dozen boxes a system has, so it runs on every report. */
export function layoutModel(model: GraphModel): Layout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 64, edgesep: 12, marginx: SIZES.margin, marginy: SIZES.margin });
  g.setDefaultEdgeLabel(() => ({}));

  for (const c of model.clusters) g.setNode(CLUSTER_PREFIX + c.label, {});
  for (const n of model.nodes) {
    const core = n.kind === "core";
    g.setNode(n.label, { width: core ? SIZES.coreWidth : SIZES.componentWidth, height: core ? SIZES.coreHeight : SIZES.componentHeight });
    if (n.cluster !== null && model.clusters.some((c) => c.label === n.cluster)) g.setParent(n.label, CLUSTER_PREFIX + n.cluster);
  }

  const links = new Map<string, PlacedLink>();
  for (const e of model.edges) {
    const key = `${e.client}\0${e.server}`;
    const link = links.get(key) ?? { client: e.client, server: e.server, edges: [], points: [], label: { x: 0, y: 0 } };
    link.edges.push(e);
    links.set(key, link);
  }
  for (const link of links.values()) {
    // Every component asks core for the same few services: those labels show on hover only and take no room.
    if (link.server === CORE) {
      g.setEdge(link.client, link.server, { width: 0, height: 0, labelpos: "c" });
      continue;
    }
    const rows = linkRows(link);
    const width = Math.max(...rows.map(rowChars)) * SIZES.charWidth + 8;
    g.setEdge(link.client, link.server, { width, height: rows.length * SIZES.lineHeight + 4, labelpos: "c" });
  }

  dagre.layout(g);

  const graph = g.graph() as { width?: number; height?: number };
  const boxOf = (id: string): Box => {
    const l = g.node(id);
    const width = l.width, height = l.height;
    return { x: (l.x ?? 0) - width / 2, y: (l.y ?? 0) - height / 2, width, height };
  };
  for (const link of links.values()) {
    const l = g.edge(link.client, link.server);
    link.points = ((l.points ?? []) as Point[]).map((p) => ({ x: p.x, y: p.y }));
    link.label = { x: l.x ?? 0, y: l.y ?? 0 };
  }
  return {
    width: Math.max(graph.width ?? 0, 1),
    height: Math.max(graph.height ?? 0, 1),
    nodes: model.nodes.map((node) => ({ node, ...boxOf(node.label) })),
    clusters: model.clusters.map((cluster) => ({ cluster, ...boxOf(CLUSTER_PREFIX + cluster.label) })),
    links: [...links.values()],
  };
}
