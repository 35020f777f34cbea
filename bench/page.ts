// The page's bench: from navigation to the shell's prompt in headless chromium against the static build, the bytes fetched before it, and a blank page's load as the baseline.
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { distDir, openSite, type Site } from "../web/browser.ts";
import { alternate, type Paired } from "./stats.ts";

export interface PageSample {
  /** ms from the start of navigation until the terminal shows the prompt (the blank page: its load event). */
  promptMs: number;
  /** Bytes received over the network (bodies as sent, and headers) before then. */
  bytes: number;
}

/** The bench cannot have a browser here: its figures are left out, the other benches still count. */
export class Skipped extends Error {}

/**
 * Notes the time the prompt first appears on the screen (the rows xterm's renderer draws), from
 * inside the page, so that the figure holds no polling delay of the test driver. (The accessibility
 * tree would do as well but xterm updates it at most once a second.)
 */
const WATCH_PROMPT = `
  new MutationObserver((_, observer) => {
    const rows = document.querySelector(".xterm-rows");
    if (rows && /\\/ \\$/.test(rows.textContent ?? "")) {
      window.__wasmodePromptAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

/** Where the preview server answers with an empty HTML document: the baseline's page. */
export const BLANK_PATH = "/__wasmode_bench_blank.html";
const BLANK_HTML = "<!doctype html><title>blank</title>";

/**
 * Adds the blank page to the server, ahead of its own middleware (whose SPA fallback would answer
 * any unknown path with index.html), so that both loads go through the same server and browser.
 */
export function serveBlank(site: Site): void {
  site.server.middlewares.stack.unshift({
    route: BLANK_PATH,
    handle: (_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader("Content-Type", "text/html");
      res.end(BLANK_HTML);
    },
  });
}

/** One cold load (a fresh browser context: empty cache, empty storage) of `url`, until `ready` gives the page's time of readiness. */
async function coldLoad(browser: Browser, url: string, prepare: (page: Page) => Promise<void>, ready: (page: Page) => Promise<number>): Promise<PageSample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await prepare(page);
    // When each response ended, in the browser's clock (ms since the epoch), and its bytes.
    const finished: Promise<{ end: number; bytes: number }>[] = [];
    page.on("requestfinished", (request) => {
      const timing = request.timing();
      const end = timing.startTime + timing.responseEnd;
      finished.push(request.sizes().then((s) => ({ end, bytes: s.responseBodySize + s.responseHeadersSize })));
    });
    await page.goto(url);
    // Both times count from the page's time origin, the start of its navigation.
    const promptMs = await ready(page);
    const readyAt = (await page.evaluate(() => performance.timeOrigin)) + promptMs;
    const bytes = (await Promise.all(finished)).filter((r) => r.end <= readyAt).reduce((n, r) => n + r.bytes, 0);
    return { promptMs, bytes };
  } finally {
    await context.close();
  }
}

const loadPrompt = (site: Site) => coldLoad(site.browser, site.url, async (page) => { await page.addInitScript(WATCH_PROMPT); }, async (page) => {
  await page.waitForFunction(() => (globalThis as unknown as { __wasmodePromptAt?: number }).__wasmodePromptAt !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => (globalThis as unknown as { __wasmodePromptAt: number }).__wasmodePromptAt);
});

// page.goto waits for the load event; the navigation entry says when it began.
const loadBlank = (site: Site) => coldLoad(site.browser, new URL(BLANK_PATH, site.url).href, async () => {}, (page) =>
  page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(t: string): { loadEventStart: number }[] } }).performance.getEntriesByType("navigation")[0]!.loadEventStart));

/**
 * Opens the site in chromium; throws Skipped naming why when no browser can be had (the static
 * build exists but chromium is missing or does not start), and the site's own error otherwise.
 */
export async function openForBench(): Promise<Site> {
  if (!existsSync(path.join(distDir, "index.html"))) return openSite();
  try {
    return await openSite();
  } catch (e) {
    throw new Skipped(`no browser: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** `loads` cold loads of the page to its prompt, alternating with as many of the blank page (the baseline), after `warmup`. */
export async function benchPage(loads: number, warmup: number): Promise<Paired<PageSample>> {
  const site = await openForBench();
  try {
    serveBlank(site);
    return await alternate(loads, warmup, () => loadPrompt(site), () => loadBlank(site));
  } finally {
    await site.close();
  }
}
