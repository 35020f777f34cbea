// Draws a laid-out graph as SVG: boxes coloured by state, the runtime's frame, labelled arrows; data attributes for tests.
import { CORE, type ComponentNode } from "./model.ts";
import { binaryText, capsText, ramText, stateText } from "./format.ts";
import { swapMark } from "./swaps.ts";
import { SIZES, edgeLabelText, linkRows, rowChars, type Layout, type PlacedLink, type PlacedNode, type Point } from "./layout.ts";

const SVG = "http://www.w3.org/2000/svg";
const ARROW = "wasmode-graph-arrow";

type Attrs = Record<string, string | number>;

function el<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Long names are cut to fit the box; the full one is in the box's title. */
function fit(text: string, width: number): string {
  const max = Math.floor((width - 16) / SIZES.charWidth);
  return text.length <= max ? text : text.slice(0, Math.max(max - 1, 1)) + "…";
}

/** A smooth curve through dagre's points (Catmull-Rom as cubic Béziers): the arrow keeps its route. */
function curve(points: Point[]): string {
  if (points.length === 0) return "";
  let d = `M${points[0]!.x},${points[0]!.y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i]!, p1 = points[i]!, p2 = points[i + 1]!, p3 = points[i + 2] ?? p2;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C${c1.x},${c1.y} ${c2.x},${c2.y} ${p2.x},${p2.y}`;
  }
  return d;
}

function boxTitle(n: ComponentNode): string {
  if (n.kind === "core") return "core: the sessions init's children ask their parent for (LOG, PD, ROM, CPU…)";
  const swap = n.swap !== null ? `\n${swapMark(n.swap)}${n.swap.reason !== "" ? `: ${n.swap.reason}` : ""}` : "";
  return `${n.label}\nbinary ${n.binary}${binaryText(n) !== "" ? `\n${binaryText(n)}` : ""}\nRAM ${ramText(n)}\ncaps ${capsText(n)}\n${stateText(n)}${swap}`;
}

function drawNode(doc: Document, p: PlacedNode, selected: boolean, onSelect: (label: string) => void): SVGGElement {
  const n = p.node;
  const g = el(doc, "g", {
    class: `component ${n.kind} state-${n.state}${n.swap !== null ? ` swap-${n.swap.state}` : ""}${selected ? " selected" : ""}`,
    "data-component": n.label,
    "data-state": n.state,
    ...(n.swap !== null ? { "data-swap": n.swap.state } : {}),
    transform: `translate(${p.x},${p.y})`,
    tabindex: 0,
    role: "button",
    "aria-pressed": String(selected),
  });
  g.append(el(doc, "title", {}, boxTitle(n)), el(doc, "rect", { width: p.width, height: p.height, rx: 6 }));
  if (n.kind === "core") {
    g.append(el(doc, "text", { class: "name", x: p.width / 2, y: p.height / 2 + 5, "text-anchor": "middle" }, "core"));
  } else {
    const lines: Array<[string, string]> = [
      ["name", n.name],
      ["binary", `binary ${n.binary}`],
      ["binary", binaryText(n)],
      ["quota", `RAM ${ramText(n)}`],
      ["quota", `caps ${capsText(n)}`],
      ["state", stateText(n)],
    ];
    // A swap's mark sits at the right of the name row; the name gives it room.
    const mark = n.swap !== null ? swapMark(n.swap) : "";
    const markWidth = mark !== "" ? mark.length * SIZES.charWidth + 8 : 0;
    let y = 20;
    for (const [cls, text] of lines) {
      if (text === "") continue;
      g.append(el(doc, "text", { class: cls, x: 10, y }, fit(text, p.width - (cls === "name" ? markWidth : 0))));
      y += cls === "name" ? 17 : SIZES.lineHeight + 1;
    }
    if (mark !== "") g.append(el(doc, "text", { class: `swap swap-${n.swap!.state}`, x: p.width - 8, y: 20, "text-anchor": "end" }, mark));
  }
  g.addEventListener("click", () => onSelect(n.label));
  g.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onSelect(n.label); }
  });
  return g;
}

function drawLink(doc: Document, link: PlacedLink): SVGGElement {
  const denied = link.edges.every((e) => e.denied), pending = link.edges.every((e) => e.pending);
  // Every component asks core for the same few services: those arrows stay in the background.
  const toCore = link.server === CORE ? " to-core" : "";
  const g = el(doc, "g", { class: `link${toCore}${denied ? " denied" : ""}${pending ? " pending" : ""}`, "data-link": `${link.client} -> ${link.server}` });
  const sessions = link.edges.map((e) => `${e.count} ${e.service} session${e.count > 1 ? "s" : ""}${e.denied ? " (denied)" : e.pending ? " (waiting)" : ""}`);
  g.append(el(doc, "title", {}, `${link.client} → ${link.server}: ${sessions.join(", ")}`));
  g.append(el(doc, "path", { d: curve(link.points), "marker-end": `url(#${ARROW})` }));
  const rows = linkRows(link);
  const height = rows.length * SIZES.lineHeight;
  const width = Math.max(...rows.map(rowChars)) * SIZES.charWidth + 8;
  g.append(el(doc, "rect", { class: "label-back", x: link.label.x - width / 2, y: link.label.y - height / 2 - 2, width, height: height + 4, rx: 3 }));
  rows.forEach((row, i) => {
    const text = el(doc, "text", { x: link.label.x, y: link.label.y - height / 2 + (i + 1) * SIZES.lineHeight - 3, "text-anchor": "middle" });
    row.forEach((e, j) => {
      const span = el(doc, "tspan", { class: `edge${e.denied ? " denied" : ""}`, "data-edge": e.id });
      span.textContent = edgeLabelText(e);
      text.append(...(j > 0 ? [doc.createTextNode(" "), span] : [span]));
    });
    g.append(text);
  });
  return g;
}

/** Fills `svg` with the drawing (replacing what was there); `selected` is the highlighted component. */
export function renderGraph(svg: SVGSVGElement, layout: Layout, selected: string | null, onSelect: (label: string) => void): void {
  const doc = svg.ownerDocument;
  svg.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
  svg.setAttribute("preserveAspectRatio", "xMidYMin meet");
  const defs = el(doc, "defs");
  const marker = el(doc, "marker", { id: ARROW, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.append(el(doc, "path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-head" }));
  defs.append(marker);

  const clusters = el(doc, "g", { class: "clusters" });
  for (const c of layout.clusters) {
    const g = el(doc, "g", { class: "cluster", "data-cluster": c.cluster.label });
    g.append(
      el(doc, "title", {}, `${c.cluster.name}: an init for what you start with the shell's start command`),
      el(doc, "rect", { x: c.x, y: c.y, width: c.width, height: c.height, rx: 10 }),
      el(doc, "text", { x: c.x + 10, y: c.y + 16 }, `${c.cluster.name} (init)`),
    );
    clusters.append(g);
  }
  const links = el(doc, "g", { class: "links" });
  for (const l of layout.links) links.append(drawLink(doc, l));
  const nodes = el(doc, "g", { class: "nodes" });
  for (const n of layout.nodes) nodes.append(drawNode(doc, n, n.node.label === selected, onSelect));
  svg.replaceChildren(defs, clusters, links, nodes);
}
