// The page's shell as the browser tests drive it: a fresh page of the site, its problems collected, and a command line typed on a clear screen.
import type { BrowserContext, Page } from "playwright-core";
import { type Site, waitForScreen } from "../../web/browser.ts";

export interface ShellPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, as they came. */
  problems: string[];
  /** Types `line` on a clear screen and waits until the screen shows `until`; the screen then. */
  run(line: string, until: string | RegExp, timeoutMs?: number): Promise<string>;
}

/** The screen once the prompt is back after `text` (a pattern) in a command's output. */
export const promptAfter = (text: string) => new RegExp(`${text}[^]*\\n/ \\$ *$`);

/** A new page of `site`, tall enough for a build's progress lines and wide enough that they do not wrap, its shell's prompt up and focused. */
export async function openShellPage(site: Site): Promise<ShellPage> {
  const context = await site.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  await page.goto(site.url);
  await waitForScreen(page, /\/ \$ *$/m);
  await page.click("#terminal-pane");
  const run = async (line: string, until: string | RegExp, timeoutMs = 15_000): Promise<string> => {
    await page.keyboard.type("clear");
    await page.keyboard.press("Enter");
    // Nothing on the screen but the prompt: what comes next is the command's.
    await waitForScreen(page, /^\s*\/ \$ *$/);
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
    return waitForScreen(page, until, timeoutMs);
  };
  return { context, page, problems, run };
}
