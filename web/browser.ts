// The page in a real browser, for the tests and the bench (Node side): the static build served by Vite's preview server, Debian's chromium driven by playwright-core.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { type PreviewServer, preview } from "vite";
import { fileURLToPath } from "node:url";

const web = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.basename(path.dirname(web)) === "dist" ? path.resolve(web, "../..") : path.resolve(web, "..");

/** The browser the tests drive: Debian's chromium (.ci/run installs it), never a download. */
export const CHROMIUM = process.env.WASMODE_CHROMIUM ?? "/usr/bin/chromium";
export const distDir = path.join(repoRoot, "web/dist");
const viteConfig = path.join(repoRoot, "web/vite.config.ts");

export interface Site {
  browser: Browser;
  server: PreviewServer;
  url: string;
  close(): Promise<void>;
}

/** Serves web/dist (the static build `npm run build:web` writes) and starts chromium headless. */
export async function openSite(): Promise<Site> {
  if (!existsSync(path.join(distDir, "index.html"))) throw new Error(`${distDir} has no static build: run \`npm run build:web\``);
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set WASMODE_CHROMIUM`);
  const server = await preview({ configFile: viteConfig, logLevel: "silent", preview: { port: 0, host: "127.0.0.1" } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("the preview server has no address");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  return { browser, server, url, close: async () => { await browser.close(); await server.close(); } };
}

/** The terminal's rows as text, read where a screen reader reads them (xterm's accessibility tree). */
export async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // Runs in the page; the tests' own TypeScript has no DOM library.
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
    const rows = Array.from(doc.querySelectorAll(".xterm-accessibility-tree > div"));
    return rows.map((r) => (r.textContent ?? "").replace(/\u00a0/g, " ").trimEnd()).join("\n").trimEnd();
  });
}

/** Waits until the terminal shows `text` (or matches it); fails naming what the screen showed. */
export async function waitForScreen(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const t0 = performance.now();
  for (;;) {
    const screen = await screenText(page);
    if (typeof text === "string" ? screen.includes(text) : text.test(screen)) return screen;
    if (performance.now() - t0 > timeoutMs) throw new Error(`the terminal did not show ${String(text)} within ${timeoutMs} ms; it shows:\n${screen}`);
    await page.waitForTimeout(25);
  }
}

/** The prompt the shell shows in the root folder. */
export const PROMPT = /\/ \$ ?$/m;
