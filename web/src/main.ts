// The page: starts the OS worker and wires its terminal, the component graph and the status line to it.
import { GraphView, type GraphInputs } from "./graph/graph_view.ts";
import "./graph/graph.css";
import { LogStore } from "./log_store.ts";
import "./page.css";
import { REPORTS, type ToPage, type ToWorker } from "./protocol.ts";
import { AddDialog } from "./add/add_dialog.ts";
import "./add/add.css";
import { reportedOffer } from "./add/offer.ts";
import { parseXml } from "./graph/graph_view.ts";
import { ShellTypist } from "./shell_typist.ts";
import { TerminalPane } from "./terminal_pane.ts";

const encoder = new TextEncoder();
const status = document.getElementById("status")!;
const worker = new Worker(new URL("./os_worker.ts", import.meta.url), { type: "module" });
const send = (m: ToWorker) => worker.postMessage(m);

const pane = new TerminalPane(document.getElementById("terminal-pane")!, (columns, rows) => send({ kind: "resize", columns, rows }));
pane.term.onData((data) => send({ kind: "input", bytes: encoder.encode(data) }));
pane.term.onBinary((data) => send({ kind: "input", bytes: Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff) }));

const typist = new ShellTypist(pane.term, (text) => send({ kind: "input", bytes: encoder.encode(text) }));

let packages: string | null = null;
new AddDialog(document.getElementById("graph-pane")!, reportedOffer(() => packages, parseXml), (line) => typist.run(line));

const logs = new LogStore();
const graph = new GraphView(document.getElementById("graph")!, document.getElementById("details")!, (label) => logs.of(label), (line) => typist.run(line));
const inputs: GraphInputs = { topState: null, runtimeState: null, topConfig: null, runtimeConfig: null, swaps: null };
let redraw = 0;

/** Reports come in bursts (every start changes several): draw once per frame. */
function scheduleRedraw(): void {
  if (redraw) return;
  redraw = requestAnimationFrame(() => {
    redraw = 0;
    graph.update(inputs);
  });
}

worker.onmessage = (e: MessageEvent<ToPage>) => {
  const m = e.data;
  switch (m.kind) {
    case "output":
      pane.term.write(m.bytes);
      break;
    case "log":
      logs.add(m.line);
      break;
    case "report":
      if (m.label === REPORTS.topState) inputs.topState = m.xml;
      else if (m.label === REPORTS.runtimeState) inputs.runtimeState = m.xml;
      else if (m.label === REPORTS.runtimeConfig) inputs.runtimeConfig = m.xml;
      else if (m.label === REPORTS.swaps) inputs.swaps = m.xml;
      else if (m.label === REPORTS.packages) { packages = m.xml; break; }
      else break;
      scheduleRedraw();
      break;
    case "booted":
      inputs.topConfig = m.config;
      status.textContent = `files: ${m.storage} · kernel ${m.kernel}`;
      scheduleRedraw();
      break;
    case "ended":
      status.textContent = `ended: ${m.reason}`;
      pane.term.write(`\r\n\x1b[2m[Wasmode ended: ${m.reason}. Reload the page to boot again.]\x1b[0m\r\n`);
      break;
  }
};
worker.onerror = (e) => {
  status.textContent = `the OS worker failed: ${e.message}`;
};

const storage = new URLSearchParams(location.search).get("storage");
send({
  kind: "start",
  columns: pane.columns,
  rows: pane.rows,
  image: new URL("image/", document.baseURI).href,
  storage: storage === "opfs" || storage === "indexeddb" || storage === "memory" ? storage : undefined,
});
