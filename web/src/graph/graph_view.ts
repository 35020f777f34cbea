// The live component graph in the page: reports in, an SVG drawing and a details panel out (the module main.ts uses).
import { startInfo } from "./config.ts";
import { type Action, clearDetails, renderDetails } from "./details.ts";
import { layoutModel } from "./layout.ts";
import { buildModel, CORE, eventsAbout, RUNTIME_LABEL, TOP_INIT, type GraphInputs, type GraphModel } from "./model.ts";
import { renderGraph } from "./render.ts";
import { parseOrNull, type XmlElement } from "./xml.ts";

export type { GraphInputs } from "./model.ts";

/** The page's XML parser: null for text that is not well-formed (the browser answers with a <parsererror> document). */
export function parseXml(text: string): XmlElement | null {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  if (doc.getElementsByTagName("parsererror").length > 0) return null;
  return doc.documentElement;
}

const EMPTY: GraphInputs = { topState: null, runtimeState: null, topConfig: null, runtimeConfig: null, swaps: null };

export class GraphView {
  private readonly svg: SVGSVGElement;
  private inputs: GraphInputs = EMPTY;
  private model: GraphModel = { nodes: [], edges: [], clusters: [] };
  private selected: string | null = null;
  private drawn = false;

  /**
   * svgHost: an element the SVG fills; detailsHost: where a clicked component's details appear;
   * logOf(label): its recent log lines, oldest first; command(line): runs a shell command for
   * the panel's buttons (null, or why not); without it the panel offers none.
   */
  constructor(
    private readonly svgHost: HTMLElement,
    private readonly detailsHost: HTMLElement,
    private readonly logOf: (label: string) => string[],
    private readonly command?: (line: string) => string | null,
  ) {
    const doc = svgHost.ownerDocument;
    this.svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.svg.setAttribute("class", "wasmode-graph");
    this.svg.setAttribute("role", "img");
    this.svg.setAttribute("aria-label", "Component graph: components as boxes, sessions as arrows from client to server");
    // A click on the background (not on a box) closes the details.
    this.svg.addEventListener("click", (e) => { if (e.target === this.svg) this.select(null); });
    svgHost.replaceChildren(this.svg);
    clearDetails(detailsHost);
  }

  /** Redraws from the latest inputs (cheap enough to call on every report; keep the selected component selected). */
  update(inputs: GraphInputs): void {
    // A state change logs a line first (`child "x" faulted`), so the model is rebuilt even when the reports are the same.
    const model = buildModel(inputs, parseXml, this.logOf);
    const same = this.drawn && sameInputs(inputs, this.inputs) && JSON.stringify(model) === JSON.stringify(this.model);
    this.inputs = { ...inputs };
    this.model = model;
    if (!same) {
      renderGraph(this.svg, layoutModel(model), this.selected, (label) => this.select(label));
      this.drawn = true;
    }
    this.showDetails();
  }

  private select(label: string | null): void {
    this.selected = label;
    for (const g of Array.from(this.svg.querySelectorAll("[data-component]"))) {
      const on = g.getAttribute("data-component") === label;
      g.classList.toggle("selected", on);
      g.setAttribute("aria-pressed", String(on));
    }
    this.showDetails();
  }

  private showDetails(): void {
    const label = this.selected;
    if (label === null) { clearDetails(this.detailsHost); return; }
    const node = this.model.nodes.find((n) => n.label === label) ?? null;
    renderDetails(this.detailsHost, {
      label,
      node,
      uses: this.model.edges.filter((e) => e.client === label),
      serves: this.model.edges.filter((e) => e.server === label),
      config: label === CORE ? null : this.configOf(label),
      log: this.logOf(label),
      events: node !== null && node.kind === "component" ? eventsAbout(node, this.logOf) : [],
      actions: this.actionsFor(label),
    });
  }

  /** A runtime child can be stopped and restarted, through the shell that owns the runtime's config. */
  private actionsFor(label: string): Action[] {
    const command = this.command, prefix = `${RUNTIME_LABEL} -> `;
    if (command === undefined || !label.startsWith(prefix)) return [];
    const name = label.slice(prefix.length);
    if (!/^[\w.-]+$/.test(name)) return [];
    return [
      { name: "Stop", hint: `stop ${name}: the runtime removes it`, run: () => command(`stop ${name}`) },
      { name: "Restart", hint: `restart ${name}: the runtime starts it anew`, run: () => command(`restart ${name}`) },
    ];
  }

  /** The component's part of the config of the init that started it (the top one, or the runtime). */
  private configOf(label: string): ReturnType<typeof startInfo> {
    const runtimePrefix = `${RUNTIME_LABEL} -> `, topPrefix = `${TOP_INIT} -> `;
    if (label.startsWith(runtimePrefix)) return startInfo(parseOrNull(parseXml, this.inputs.runtimeConfig), label.slice(runtimePrefix.length));
    return startInfo(parseOrNull(parseXml, this.inputs.topConfig), label.startsWith(topPrefix) ? label.slice(topPrefix.length) : label);
  }
}

function sameInputs(a: GraphInputs, b: GraphInputs): boolean {
  return a.topState === b.topState && a.runtimeState === b.runtimeState && a.topConfig === b.topConfig && a.runtimeConfig === b.runtimeConfig && (a.swaps ?? null) === (b.swaps ?? null);
}
