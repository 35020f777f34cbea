// The kernel rebuilt in the page, in headless chromium: swapped in live, then booted into with `reboot`, files kept; the status line names the kernel that runs.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Site, openSite, waitForScreen } from "../../web/browser.ts";
import { openShellPage, type ShellPage } from "./shell_page.ts";

const BUILD_MS = 120_000;

let site: Site;
let shell: ShellPage;
let page: Page;
const run = (line: string, until: string | RegExp, timeoutMs?: number) => shell.run(line, until, timeoutMs);
const status = () => page.locator("#status").innerText();

beforeAll(async () => {
  site = await openSite();
  shell = await openShellPage(site);
  page = shell.page;
});

afterAll(async () => {
  await site?.close();
});

describe("the kernel rebuilt in the page", () => {
  it("builds the kernel, swaps it in live, and reboots into it with the files kept", async () => {
    const image = /kernel ([0-9a-f]{8})/.exec(await status())?.[1];
    expect(image, await status()).toBeDefined();
    const built = await run("build --dev kernel", /build: 1 built[^]*\/ \$ *$/, BUILD_MS);
    const sha = /kernel\.wasm: \d+ bytes, sha256 ([0-9a-f]{12})/.exec(built)?.[1];
    expect(sha, built).toBeDefined();
    expect(sha!.startsWith(image!)).toBe(false);
    await run("swap kernel", /kernel: swapped live, every PD kept \(the system stood still [\d.]+ ms\)[^]*\/ \$ *$/, 30_000);
    await run("echo kept > /mark", /\/ \$ *$/);
    // The page's OS worker boots again, with the built kernel, on the same storage.
    await page.keyboard.type("reboot");
    await page.keyboard.press("Enter");
    await expect.poll(status, { timeout: 30_000 }).toContain(`kernel ${sha!.slice(0, 8)}`);
    await waitForScreen(page, /Wasmode shell[^]*\/ \$ *$/, 30_000);
    await run("cat /mark", /kept[^]*\/ \$ *$/);
    expect(shell.problems).toEqual([]);
  }, 240_000);
});
