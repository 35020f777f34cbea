// The graph's view in a real browser (chromium): boxes and arrows with their data attributes, selection, details written as text.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../web/browser.ts";
import { repoRoot } from "../support/paths.ts";

const graphDir = path.join(repoRoot, "web/src/graph");

/** graph_view.ts bundled for a blank page: `GraphView` on window. */
async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "silent",
    build: { write: false, minify: false, lib: { entry: path.join(graphDir, "graph_view.ts"), formats: ["iife"], name: "WasmodeGraph" } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
  return first.output.find((o) => o.type === "chunk")!.code!;
}

const session = (service: string, label: string): string => `<session service="${service}" label="${label}" state="CAP_HANDED_OUT" ram="4K" caps="1"/>`;
const child = (name: string, attrs: string, body: string): string =>
  `<child name="${name}" binary="${name}"${attrs}><ram assigned="1M" quota="1008K" used="64K"/><caps assigned="100" quota="96" used="5"/>${body}</child>`;

const TOP = `<state>
${child("timer", "", `<requested>${session("LOG", "timer")}</requested><provided>${session("Timer", "runtime -> evil")}</provided>`)}
${child("runtime", "", `<requested>${session("LOG", "runtime")}${session("LOG", "runtime -> evil")}${session("Timer", "runtime -> evil")}</requested><provided/>`)}
</state>`;
// A name with markup in it: the page must show it as text, never as HTML.
const RUNTIME = (evilState: string) => `<state>
${child("evil", evilState, `<requested>${session("LOG", "evil")}${session("LOG", "evil")}${session("Timer", "evil")}</requested><provided/>`)}
</state>`;
const TOP_CONFIG = `<config><start name="timer"><route><any-service><parent/></any-service></route></start><start name="runtime"/></config>`;
const RUNTIME_CONFIG = `<config><default-route><any-service><parent/><any-child/></any-service></default-route><start name="evil" ram="1M"><config><inline name="x">&lt;img src=x onerror="window.pwned=1"&gt;</inline></config></start></config>`;

/** What the test puts on the page's window. */
interface Page$ {
  WasmodeGraph: { GraphView: new (svgHost: unknown, detailsHost: unknown, logOf: (label: string) => string[]) => Page$["view"] };
  view: { update(inputs: unknown): void };
  logs: Record<string, string[]>;
  document: { getElementById(id: string): unknown };
}

describe("the graph in a browser", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const code = await bundle();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent(`<!doctype html><body><div id="svg" style="width:900px;height:600px"></div><div id="details"></div></body>`);
    await page.addStyleTag({ content: readFileSync(path.join(graphDir, "graph.css"), "utf8") });
    await page.addScriptTag({ content: code });
    // The callbacks run in the page; this file is type-checked without the DOM's lib, hence the casts.
    await page.evaluate(() => {
      const w = globalThis as unknown as Page$;
      w.logs = { "init -> runtime -> evil": ["[init -> runtime -> evil] <b>hi</b>"] };
      w.view = new w.WasmodeGraph.GraphView(w.document.getElementById("svg"), w.document.getElementById("details"), (l: string) => w.logs[l] ?? []);
    });
  });

  afterAll(async () => { await browser?.close(); });

  const update = (runtimeState: string) =>
    page.evaluate(([top, rt, tc, rc]) => {
      (globalThis as unknown as Page$).view.update({ topState: top, runtimeState: rt, topConfig: tc, runtimeConfig: rc });
    }, [TOP, runtimeState, TOP_CONFIG, RUNTIME_CONFIG]);

  it("draws components with their state and merged, labelled arrows", async () => {
    await update(RUNTIME(""));
    const components = await page.$$eval("[data-component]", (es) => es.map((e) => `${e.getAttribute("data-component")} ${e.getAttribute("data-state")}`));
    expect(components.sort()).toEqual(["core running", "init -> runtime -> evil running", "init -> runtime running", "init -> timer running"]);
    const edges = await page.$$eval("[data-edge]", (es) => es.map((e) => `${e.getAttribute("data-edge")} = ${e.textContent}`));
    expect(edges).toContain("init -> runtime -> evil -> core: LOG = LOG×2");
    expect(edges).toContain("init -> runtime -> evil -> init -> timer: Timer = Timer");
    expect(await page.locator(`[data-cluster="init -> runtime"] rect`).count()).toBe(1);
    expect(await page.locator(`[data-component="init -> timer"] title`).textContent()).toContain("RAM 64 KiB / 1008 KiB");
  });

  it("shows a clicked component's config, routes and log as text, and keeps it selected across updates", async () => {
    await page.click(`[data-component="init -> runtime -> evil"]`);
    const details = page.locator("#details");
    expect(await details.getAttribute("data-details")).toBe("init -> runtime -> evil");
    expect(await details.locator("pre.config").textContent()).toContain(`<inline name="x">&lt;img src=x onerror="window.pwned=1"&gt;</inline>`);
    expect(await details.locator("pre.log").textContent()).toBe("[init -> runtime -> evil] <b>hi</b>");
    expect(await details.locator("b, img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await details.textContent()).toContain("any service → parent, then any child");

    await update(RUNTIME(` state="incomplete"`));
    await page.evaluate(() => { (globalThis as unknown as Page$).logs["init -> runtime"] = [`[init -> runtime] child "evil" faulted`]; });
    await update(RUNTIME(` state="incomplete"`));
    expect(await page.getAttribute(`[data-component="init -> runtime -> evil"]`, "data-state")).toBe("faulted");
    expect(await page.getAttribute(`[data-component="init -> runtime -> evil"]`, "class")).toContain("selected");
    expect(await details.getAttribute("data-details")).toBe("init -> runtime -> evil");
    expect(await details.textContent()).toContain(`child "evil" faulted`);
  });

  it("survives broken reports and closes the details on a click beside the boxes", async () => {
    await update("<state><child name=");
    expect(await page.locator(`[data-component="init -> runtime -> evil"]`).count()).toBe(0);
    expect(await page.locator("#details").textContent()).toContain("No longer in its init's state report");
    await page.click("#svg svg", { position: { x: 2, y: 590 } });
    expect(await page.locator("#details").getAttribute("data-details")).toBeNull();
  });
});
