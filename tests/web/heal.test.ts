// The README's tour "Heal a running system" in the page, in headless chromium: the exploit and the diary's log line, the fix typed in the editor, build --swap, and the swap on notes's box in the graph.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Site, openSite, waitForScreen } from "../../web/browser.ts";
import { openShellPage, promptAfter, type ShellPage } from "./shell_page.ts";

/** A release build of notes takes seconds; the compiler's first load too. */
const BUILD_MS = 120_000;

let site: Site;
let shell: ShellPage;
let page: Page;
const run = (line: string, until: string | RegExp, timeoutMs?: number) => shell.run(line, until, timeoutMs);

beforeAll(async () => {
  site = await openSite();
  shell = await openShellPage(site);
  page = shell.page;
});

afterAll(async () => {
  await site?.close();
});

describe("Heal a running system, in the page", () => {
  it("exploits the shipped notes: the shell's note lands in the diary's notes, and the diary says so", async () => {
    // notes and the diary are boxes of the graph, the diary's Notes session an arrow to notes.
    await page.waitForSelector(`[data-component="init -> notes"]`);
    await page.waitForSelector(`[data-edge="init -> diary -> init -> notes: Notes"]`);
    await run("notes write mine my first note", promptAfter("notes write mine my first note"));
    await run("notes write ../diary/today pwned", promptAfter("notes write \\.\\./diary/today pwned"));
    await run("log diary", /\[init -> diary\] my note "today" was changed behind my back: pwned/);
    await run("cat /src/components/notes/note_path.ts", /if \(p == "\.\."\) \{ if \(parts\.length > 1\) parts\.pop\(\); continue; \}/);
    expect(shell.problems).toEqual([]);
  });

  it("fixes notes in the editor, swaps it in place: the exploit fails, the shell's note is there, the box shows the swap", async () => {
    await run("edit /src/components/notes/note_path.ts", "const parts = dir.split");
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowDown");
    for (let i = 0; i < 10; i++) await page.keyboard.press("Control+k");
    await page.keyboard.type(`  if (name.length == 0 || name.includes("/") || name == "." || name == "..") return "";`);
    await page.keyboard.press("Enter");
    await page.keyboard.type(`  return dir + "/" + name;`);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+s");
    await page.keyboard.press("Control+x");
    await waitForScreen(page, /\/ \$ *$/m);

    await run("build notes --swap", /notes: swapped in place \(state kept: [^)]*\)[^]*\n\/ \$ *$/, BUILD_MS);
    await run("notes write ../diary/today pwned again", /notes: \.\.\/diary\/today: refused: not a note's name/);
    await run("notes read mine", promptAfter("my first note"));
    await page.waitForSelector(`[data-component="init -> notes"][data-swap]`);
    const mark = await page.textContent(`[data-component="init -> notes"] .swap`);
    // On probation (10 s) it is "v2 · swapped"; kept after it, "v2".
    expect(mark).toMatch(/^v2 · swapped$|^v2$/);
    // Its details tell the swap: the state, the version, both binaries.
    await page.click(`[data-component="init -> notes"]`);
    const swap = await page.waitForSelector(`[data-details="init -> notes"] section[data-swap]`);
    const text = (await swap.textContent()) ?? "";
    expect(text).toMatch(/version2 \(1 is the boot image's\)/);
    expect(text).toMatch(/sha256[0-9a-f]{64}previous sha256[0-9a-f]{64}/);
    expect(shell.problems).toEqual([]);
  }, BUILD_MS * 2);
});
