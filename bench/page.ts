// The page's bench: from navigation to the shell's prompt in headless chromium against the static build, and the bytes fetched before it.
import { openSite } from "../web/browser.ts";

export interface PageSample {
  /** ms from the start of navigation until the terminal shows the prompt. */
  promptMs: number;
  /** Bytes received over the network (bodies as sent, and headers) before the prompt. */
  bytes: number;
}

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

/** `loads` cold loads (a fresh browser context each: empty cache, empty storage) after `warmup`. */
export async function benchPage(loads: number, warmup: number): Promise<PageSample[]> {
  const site = await openSite();
  try {
    const out: PageSample[] = [];
    for (let i = 0; i < loads + warmup; i++) {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(WATCH_PROMPT);
      const finished: Promise<{ at: number; bytes: number }>[] = [];
      page.on("requestfinished", (request) => {
        const at = performance.now();
        finished.push(request.sizes().then((s) => ({ at, bytes: s.responseBodySize + s.responseHeadersSize })));
      });
      const t0 = performance.now();
      await page.goto(site.url);
      await page.waitForFunction(() => (globalThis as unknown as { __wasmodePromptAt?: number }).__wasmodePromptAt !== undefined, null, { timeout: 30_000 });
      const promptMs = await page.evaluate(() => (globalThis as unknown as { __wasmodePromptAt: number }).__wasmodePromptAt);
      const promptAt = t0 + promptMs;
      const bytes = (await Promise.all(finished)).filter((r) => r.at <= promptAt).reduce((n, r) => n + r.bytes, 0);
      if (i >= warmup) out.push({ promptMs, bytes });
      await context.close();
    }
    return out;
  } finally {
    await site.close();
  }
}
