// Building in the page, in headless chromium: the README's first tour (edit hello, build, start, see the new line), verify against the boot image, and the compiler fetched only on the first build.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Site, openSite, waitForScreen } from "../../web/browser.ts";
import { openShellPage, promptAfter, type ShellPage } from "./shell_page.ts";
import { repoRoot } from "../support/paths.ts";

/** A release build of the shell takes seconds; the compiler's first load too. */
const BUILD_MS = 120_000;

let site: Site;
let shell: ShellPage;
let page: Page;
/** The paths the server was asked for, in order (the workers' requests included). */
const requested: string[] = [];
/** How the server sent each path (its Content-Encoding, "" when none), as of its last request. */
const encodings = new Map<string, string>();

/** Requests for the compiler's files: its list and its chunk. */
const compilerRequests = () => requested.filter((p) => /\/assets\/(asc-[^/]*\.js|compiler\.json)$/.test(p));

const run = (line: string, until: string | RegExp, timeoutMs?: number) => shell.run(line, until, timeoutMs);

beforeAll(async () => {
  site = await openSite();
  // Ahead of the server's own middleware: every path asked for, whoever asked (the page or a worker).
  site.server.middlewares.stack.unshift({
    route: "",
    handle: (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const path = new URL(req.url ?? "/", "http://host").pathname;
      requested.push(path);
      res.on("finish", () => encodings.set(path, String(res.getHeader("content-encoding") ?? "")));
      next();
    },
  });
  shell = await openShellPage(site);
  page = shell.page;
});

afterAll(async () => {
  await site?.close();
});

describe("building in the page", () => {
  it("loads nothing of the compiler before the first build", async () => {
    expect(requested.some((p) => p.includes("os_worker")), requested.join("\n")).toBe(true);
    expect(compilerRequests()).toEqual([]);
    expect(requested.some((p) => p.includes("compiler_worker"))).toBe(false);
  });

  it("walks the first tour: edits hello's log line, builds it with progress in bytes, starts it and sees the new line", async () => {
    await run("edit /src/components/hello/main.ts", 'log("Hello");');
    // Down to the log line, cut it, type the new one, save, leave (nano's keys).
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Control+k");
    await page.keyboard.type('log("Hello from my own build");');
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+s");
    await page.keyboard.press("Control+x");
    await waitForScreen(page, /\/ \$ *$/m);

    const built = await run("build hello", promptAfter("build: 1 built"), BUILD_MS);
    // The compiler's load, told in bytes while it comes (about every tenth; the builder shows the
    // line it finds when it looks, so a busy machine may skip some), then how long it took.
    const loading = [...built.matchAll(/^ +loading the AssemblyScript compiler: (\d+\.\d) of (\d+\.\d) MB$/gm)];
    expect(loading.length, built).toBeGreaterThanOrEqual(2);
    expect(loading.length, built).toBeLessThanOrEqual(12);
    const total = Number(loading[0]![2]);
    expect(total).toBeGreaterThan(5);
    const loaded = loading.map((m) => Number(m[1]));
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(built).toMatch(new RegExp(`^ +fetched the AssemblyScript compiler: ${total.toFixed(1).replace(".", "\\.")} MB in \\d+\\.\\d s$`, "m"));
    // The line may wrap at the terminal's width.
    expect(built.replace(/\n/g, "")).toMatch(/\[1\/1\] hello\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello\.wasm, signed \(key [0-9a-f]{8}\)build: 1 built/);

    await run("start hello", promptAfter("start hello"));
    await run("log hello", /Hello from my own build/);
    await run("ps", /^hello +.* [0-9a-f]{8} +local /m);
    expect(shell.problems).toEqual([]);
  }, BUILD_MS * 2);

  it("fetched the compiler once, compressed: a second build compiles without fetching it again", async () => {
    const before = compilerRequests();
    const asc = before.filter((p) => /asc-/.test(p));
    expect(asc).toHaveLength(1);
    // The static build holds a brotli copy, and the preview server sends it to a browser that takes it.
    expect(encodings.get(asc[0]!)).toBe("br");
    const built = await run("build --force --dev hello", promptAfter("build: 1 built"), BUILD_MS);
    expect(built).not.toMatch(/loading the AssemblyScript compiler/);
    expect(compilerRequests()).toEqual(before);
  }, BUILD_MS);

  it("after a reload, takes the compiler from the browser's cache", async () => {
    await page.reload();
    await waitForScreen(page, /\/ \$ *$/m);
    await page.click("#terminal-pane");
    const before = requested.filter((p) => /\/asc-/.test(p)).length;
    const built = await run("build --force --dev hello", promptAfter("build: 1 built"), BUILD_MS);
    // A new compiler worker loads it again, but the server is not asked for it.
    expect(built).toMatch(/fetched the AssemblyScript compiler: \d+\.\d MB in/);
    expect(requested.filter((p) => /\/asc-/.test(p)).length).toBe(before);
  }, BUILD_MS);

  it("names the page's builder for what it built and signed: a local build runs as signed here, built by os-page", async () => {
    // A dev build differs from the image's release build, so core knows it only by what its Signer signed here.
    await run("build --dev hello_server", promptAfter("build: 1 built"), BUILD_MS);
    await run("start hello_server --provides Hello", promptAfter("start hello_server"));
    const screen = await run("verify hello_server", promptAfter("verify: 1 built"), BUILD_MS);
    expect(screen.replace(/\n/g, ""), screen).toMatch(/running: init -> runtime -> hello_server, sha256 [0-9a-f]{12}… \(not the image's\); signed here by key [0-9a-f]{12}…, built by https:\/\/wasmode\.dev\/builder\/os-page/);
    expect(shell.problems).toEqual([]);
  }, BUILD_MS * 2);

  it("two builders agree: every module of the image rebuilt in the page is byte for byte the Node build's, and what its signed provenance names", async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "build/image/manifest.json"), "utf8")) as { modules: { name: string; sha256: string }[] };
    const binaries = manifest.modules.filter((m) => m.name.endsWith(".wasm"));
    expect(binaries.length).toBeGreaterThan(15);
    const agree: string[] = [];
    const disagree: string[] = [];
    // A few at a time, so that each verify's report fits the screen.
    for (let i = 0; i < binaries.length; i += 3) {
      const batch = binaries.slice(i, i + 3);
      const names = batch.map((m) => m.name.replace(/\.wasm$/, ""));
      const screen = await run(`verify ${names.join(" ")}`, promptAfter(`verify: ${batch.length} built`), BUILD_MS * 2);
      for (const [k, name] of names.entries()) {
        // (the screen may cut or wrap the longest lines: the sha256's first 40 digits are enough)
        const same = new RegExp(`^${name}: identical to the boot image \\(sha256 ${batch[k]!.sha256.slice(0, 40)}[0-9a-f)\\n]*  provenance: names the same sha256; signed by release key`, "m");
        (same.test(screen) ? agree : disagree).push(name);
      }
      // Each verify reports the modules it was asked for, no other.
      expect(screen.match(/^[\w-]+: (identical to|differs from) the boot image/gm)?.length, screen).toBe(batch.length);
    }
    console.log(`two builders, Node and the page: ${agree.length} of ${binaries.length} modules agree${disagree.length ? `; differ: ${disagree.join(", ")}` : ""}`);
    expect(disagree).toEqual([]);
    expect(shell.problems).toEqual([]);
  }, BUILD_MS * 12);

  it("disassembles a running component with wabt in the page's compiler worker", async () => {
    await run("start wat_hello", promptAfter("start wat_hello"));
    await run("log wat_hello", /Hello from WAT/);
    const shown = await run("disasm wat_hello --func _start", promptAfter("call \\$wasmode\\.exit"), BUILD_MS);
    // The function is longer than the screen: its end shows, WAT as wabt writes it, and no complaint.
    expect(shown).toMatch(/^ +call \$wasmode\.exit$/m);
    expect(shown).not.toMatch(/^disasm: /m);
    expect(shell.problems).toEqual([]);
  }, BUILD_MS * 2);
});
