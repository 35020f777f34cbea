// The page in headless chromium: boot to the prompt, the shell as on a TTY, the live graph, files across a reload, a screenshot.
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageDir, repoRoot } from "../support/paths.ts";
import { type Site, openSite, screenText, waitForScreen } from "../../web/browser.ts";

const DEFAULT_COMPONENTS = ["timer", "terminal", "fs", "src_fs", "report_rom", "runtime", "rom_reporter", "shell"].map((n) => `init -> ${n}`);

let site: Site;
let context: BrowserContext;
let page: Page;
/** Errors the page or its worker reported (uncaught exceptions, console errors, failed loads). */
const problems: string[] = [];

/** Loads the page and waits for the shell's prompt; the terminal has the keyboard. */
async function load(p: Page, query = ""): Promise<void> {
  await p.goto(site.url + query);
  await waitForScreen(p, /\/ \$ *$/m);
  await p.click("#terminal-pane");
}

/** Types a command line and waits until the screen shows `until`. */
async function run(p: Page, line: string, until: string | RegExp): Promise<string> {
  await p.keyboard.type(line);
  await p.keyboard.press("Enter");
  return waitForScreen(p, until);
}

/** The components the graph draws, by label, with their state. */
async function drawn(p: Page): Promise<Map<string, string>> {
  const pairs = await p.$$eval("[data-component]", (els) => els.map((e) => [e.getAttribute("data-component")!, e.getAttribute("data-state") ?? ""] as const));
  return new Map(pairs);
}

async function waitForGraph(p: Page, done: (g: Map<string, string>) => boolean, what: string): Promise<Map<string, string>> {
  const t0 = performance.now();
  for (;;) {
    const g = await drawn(p);
    if (done(g)) return g;
    if (performance.now() - t0 > 15_000) throw new Error(`the graph did not show ${what}; it shows ${[...g.keys()].join(", ")}`);
    await p.waitForTimeout(50);
  }
}

/**
 * Resolves once the site's IndexedDB holds a blob whose content is `content` (the page reads the
 * database the worker writes): the fs component committed that file, and the transaction is
 * complete, so a reload keeps it. Earlier commits (the tree naming the file) completed before it.
 */
async function durableInIdb(p: Page, content: string): Promise<void> {
  await p.waitForFunction(async (content) => {
    const db = await new Promise<IDBDatabase | null>((resolve) => {
      const req = indexedDB.open("wasmode");
      // Not there yet: never create it here (the worker creates it, with its store).
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    });
    if (!db) return false;
    try {
      if (!db.objectStoreNames.contains("blobs")) return false;
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction("blobs", "readonly").objectStore("blobs").getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error("IndexedDB getAll failed"));
      });
      return values.some((v) => v instanceof Uint8Array && new TextDecoder().decode(v) === content);
    } finally {
      db.close();
    }
  }, content, { polling: 50, timeout: 15_000 });
}

beforeAll(async () => {
  site = await openSite();
  context = await site.browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  await load(page);
});

afterAll(async () => {
  await site?.close();
});

describe("the page", () => {
  it("boots to the shell's prompt, and the shell answers as on the TTY", async () => {
    const screen = await screenText(page);
    expect(screen).toContain("Wasmode shell");
    expect(problems).toEqual([]);
    await run(page, "echo hello from the page > /note", /note\n\/ \$ *$/m);
    await run(page, "cat /note", /cat \/note\nhello from the page\n\/ \$/);
    await run(page, "nosuchcommand", /nosuchcommand: .*\n\/ \$/);
    // Line editing: ctrl-a goes to the start of the line, where the typed text goes in.
    await page.keyboard.type("/note");
    await page.keyboard.press("Control+a");
    await page.keyboard.type("cat ");
    await page.keyboard.press("Enter");
    await waitForScreen(page, /\$ cat \/note\nhello from the page\n\/ \$ *$/m);
  });

  it("draws the default components and follows start and stop", async () => {
    const g = await waitForGraph(page, (g) => DEFAULT_COMPONENTS.every((c) => g.has(c)), "the default components");
    for (const c of DEFAULT_COMPONENTS) expect(g.get(c)).toBe("running");
    // An arrow from the shell to the file system, labelled with the service.
    expect(await page.$$eval("[data-edge]", (els) => els.map((e) => e.getAttribute("data-edge")))).toContain("init -> shell -> init -> fs: File_system");

    await run(page, "start hello_server", /start hello_server\n[^]*?\/ \$ *$/m);
    await waitForGraph(page, (g) => g.get("init -> runtime -> hello_server") === "running", "hello_server running");
    await run(page, "stop hello_server", /stop hello_server\n[^]*?\/ \$ *$/m);
    await waitForGraph(page, (g) => !g.has("init -> runtime -> hello_server"), "hello_server gone");
  });

  it("shows a clicked component's config, routes and recent log", async () => {
    await page.click('[data-component="init -> fs"]');
    const details = page.locator('[data-details="init -> fs"]');
    await details.waitFor();
    const text = await details.textContent();
    expect(text).toContain('<start name="fs"');
    expect(text).toContain("persist");
    await page.click("#terminal-pane");
  });

  it("restarts and stops a runtime component from its details panel, by the shell's own commands", async () => {
    await run(page, "start hello_server", /start hello_server\n[^]*?\/ \$ *$/m);
    await waitForGraph(page, (g) => g.get("init -> runtime -> hello_server") === "running", "hello_server running");
    // A component of the top init has no buttons: only the runtime is the shell's to change.
    await page.click('[data-component="init -> fs"]');
    await page.locator('[data-details="init -> fs"]').waitFor();
    expect(await page.locator("[data-details] [data-action]").count()).toBe(0);

    await page.click('[data-component="init -> runtime -> hello_server"]');
    const details = page.locator('[data-details="init -> runtime -> hello_server"]');
    await details.waitFor();
    // Something half typed on the shell's line does not spoil the command.
    await page.click("#terminal-pane");
    await page.keyboard.type("half typed");
    await details.locator('[data-action="restart"]').click();
    await waitForScreen(page, /\$ restart hello_server\n\/ \$ *$/m);
    await details.locator('dt:text-is("version") + dd:text-is("1")').waitFor({ timeout: 15_000 });

    // With the editor open, the buttons type nothing and say why.
    await run(page, "edit /scratch", "^X");
    await page.click('[data-component="init -> runtime -> hello_server"]');
    await details.locator('[data-action="stop"]').click();
    expect(await details.locator(".problem").textContent()).toBe("the terminal shows the editor: close it first (ctrl-x)");
    await page.click("#terminal-pane");
    await page.keyboard.press("Control+x");
    // Back on the shell's own screen, as it was before the editor.
    await waitForScreen(page, /\$ restart hello_server\n\/ \$ edit \/scratch\n\/ \$ *$/m);

    await details.locator('[data-action="stop"]').click();
    await waitForGraph(page, (g) => !g.has("init -> runtime -> hello_server"), "hello_server gone");
    await waitForScreen(page, /\$ stop hello_server\n\/ \$ *$/m);
    expect(problems).toEqual([]);
  });

  it("adds components through \"+\": a package chosen, a provider for each requirement, started as the shell's start", async () => {
    await page.click("#add");
    const dialog = page.locator("#add-dialog");
    await dialog.locator('[data-package="hello_server"]').click();
    // It requires nothing: nothing to choose, Start starts it.
    expect(await dialog.locator("fieldset").count()).toBe(0);
    await dialog.locator('[data-action="start"]').click();
    await waitForGraph(page, (g) => g.get("init -> runtime -> hello_server") === "running", "hello_server running");

    await page.click("#add");
    await dialog.locator('[data-package="hello_client"]').click();
    // Its Hello: the one started provider, chosen.
    const choice = dialog.locator('[data-requirement="Hello"] input[type="radio"]');
    expect(await choice.count()).toBe(1);
    expect(await choice.getAttribute("value")).toBe("child:hello_server");
    expect(await choice.isChecked()).toBe(true);
    await dialog.locator('[data-action="start"]').click();
    expect(await dialog.isVisible()).toBe(false);
    // The shell ran what the dialog typed; the client's answer is in its log, the arrow on the graph.
    await waitForScreen(page, /\$ start hello_client --route Hello=child:hello_server\n\/ \$ *$/m);
    await waitForGraph(page, (g) => g.has("init -> runtime -> hello_client"), "hello_client");
    await page.click('[data-component="init -> runtime -> hello_client"]');
    await page.locator('[data-details="init -> runtime -> hello_client"] pre.log', { hasText: "2 + 5 = 7" }).waitFor({ timeout: 15_000 });
    // (it exits once answered, its session with it: the route the dialog chose is in its config)
    const routes = await page.locator('[data-details="init -> runtime -> hello_client"] section', { hasText: "Routes" }).textContent();
    expect(routes).toMatch(/Hello → [^\n]*hello_server/);

    // A package whose requirement nothing provides cannot be started: the dialog says so.
    await page.click("#terminal-pane");
    await run(page, "stop hello_client; stop hello_server", /stop hello_server\n\/ \$ *$/m);
    await page.click("#add");
    await dialog.locator('[data-package="hello_client"]').click();
    expect(await dialog.locator('[data-requirement="Hello"] .problem').textContent()).toBe("Nothing provides Hello: start a component that does first.");
    expect(await dialog.locator('[data-action="start"]').isDisabled()).toBe(true);
    await dialog.locator('[data-action="cancel"]').click();
    await page.click("#terminal-pane");
    expect(problems).toEqual([]);
  });

  it("keeps files and history across a reload", async () => {
    await run(page, "mkdir /kept; echo survives > /kept/file", /kept\/file\n\/ \$ *$/m);
    await page.reload();
    await waitForScreen(page, /\/ \$ *$/m);
    await page.click("#terminal-pane");
    await run(page, "cat /kept/file", /cat \/kept\/file\nsurvives\n/);
    // History: the line before the last one comes back with two presses of the up arrow.
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await waitForScreen(page, /\/ \$ mkdir \/kept; echo survives > \/kept\/file *$/m);
    await page.keyboard.press("Control+u");
  });

  it("loses nothing committed when reloaded in the middle of writing", async () => {
    await run(page, "echo committed > /before", /before\n\/ \$ *$/m);
    // Commands that write many files, typed faster than they run; the reload comes while they do.
    await run(page, "mkdir /burst", /mkdir \/burst\n\/ \$ *$/m);
    let stop = false;
    const typing = (async () => {
      for (let i = 0; i < 30 && !stop; i++) {
        await page.keyboard.type(`echo ${"x".repeat(40)} > /burst/f${i}`);
        await page.keyboard.press("Enter");
      }
    })().catch(() => { /* the reload cuts the typing short */ });
    // The shell is at it (it ran the fourth line): now the page goes away under it.
    await waitForScreen(page, "/burst/f3\n");
    stop = true;
    await page.reload();
    await typing;
    await waitForScreen(page, /\/ \$ *$/m);
    await page.click("#terminal-pane");
    await run(page, "cat /before", /cat \/before\ncommitted\n/);
    // The store opened whole: every file of the burst that is there is complete.
    await run(page, "ls /burst", /ls \/burst\n[^]*?\/ \$ *$/m);
    const screen = await run(page, "cat /burst/f0", /cat \/burst\/f0\n.*\n\/ \$ *$/m);
    expect(screen).toMatch(new RegExp(`cat /burst/f0\\n(${"x".repeat(40)}|cat: .*)`));
    // Every file the burst left is whole: the last one listed holds all of its line.
    const listed = [...(await run(page, "ls /burst", /ls \/burst\n[^]*?\/ \$ *$/m)).matchAll(/^f(\d+)$/gm)].map((m) => Number(m[1]));
    if (listed.length > 0) {
      const last = Math.max(...listed);
      await run(page, "clear", /^\/ \$ *$/m);
      await run(page, `cat /burst/f${last}`, new RegExp(`cat /burst/f${last}\\n${"x".repeat(40)}\\n`));
    }
  });

  it("offers the boot image's SBOM for download", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#sbom")]);
    expect(download.suggestedFilename()).toBe("wasmode-sbom.cdx.json");
    const got = readFileSync(await download.path());
    expect(got.equals(readFileSync(path.join(imageDir, "sbom.cdx.json")))).toBe(true);
    expect(JSON.parse(got.toString())).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6" });
    // The keyboard goes back to the terminal, for the tests after this one.
    await page.click("#terminal-pane");
  });

  it("saves a screenshot for a person to look at", async () => {
    await run(page, "start hello_server", /start hello_server\n[^]*?\/ \$ *$/m);
    await waitForGraph(page, (g) => g.has("init -> runtime -> hello_server"), "hello_server");
    await page.click('[data-component="init -> shell"]');
    const out = path.join(repoRoot, "tests/output");
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, "page.png") });
  });
});

describe("the page where OPFS is missing", () => {
  it("keeps the files in IndexedDB across a reload, and says so", async () => {
    const other = await site.browser.newContext();
    const p = await other.newPage();
    await load(p, "?storage=indexeddb");
    expect(await p.textContent("#status")).toContain("IndexedDB");
    await run(p, "echo in the database > /idb", /idb\n\/ \$ *$/m);
    // A commit is durable once its transaction completes, a moment after the shell's prompt.
    await durableInIdb(p, "in the database\n");
    await p.reload();
    await waitForScreen(p, /\/ \$ *$/m);
    await p.click("#terminal-pane");
    await run(p, "cat /idb", /cat \/idb\nin the database\n/);
    await other.close();
  });
});
