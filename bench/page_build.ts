// The page's build bench: `build hello_server --dev` typed in the page's terminal in headless chromium, to the prompt back, the compiler not yet loaded (cold) and loaded (warm); beside asc in a plain Web Worker on a page of the same site.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { packageRecipe } from "../bin/recipe.ts";
import { compile } from "../kernel/host/builder/compile.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { distDir, type Site } from "../web/browser.ts";
import { repoRoot } from "./image.ts";
import { BLANK_PATH, openForBench, serveBlank } from "./page.ts";
import { alternate } from "./stats.ts";

const MODULE = "hello_server";
/** Warm builds after each cold one, in the same page (or worker). */
const WARM_PER_COLD = 2;
const BUILD_TIMEOUT_MS = 120_000;

/** One page's builds (or the baseline worker's compiles): the first, then the warm ones. */
interface Round { cold: number; warm: number[] }

export interface PageBuildSamples { cold: number[]; coldBaseline: number[]; warm: number[]; warmBaseline: number[] }

/**
 * Times, from inside the page, the Enter that submits an armed command line (its keydown event)
 * to the moment the terminal's rows show the build's last line with the prompt after it; the
 * rows the renderer draws, so the figure holds no polling delay of the driver.
 */
const WATCH_BUILD = `
  window.__wasmodeBuild = { armed: false, start: 0, end: 0 };
  document.addEventListener("keydown", (e) => {
    const b = window.__wasmodeBuild;
    if (!b.armed || e.key !== "Enter" || b.start) return;
    b.start = e.timeStamp;
    const observer = new MutationObserver(() => {
      const rows = [...document.querySelectorAll(".xterm-rows > div")].map((r) => (r.textContent || "").replace(/\\u00a0/g, " ").trimEnd());
      const done = rows.findIndex((r) => /^build: /.test(r));
      if (done >= 0 && rows.slice(done + 1).some((r) => /^\\/ \\$$/.test(r))) {
        b.end = performance.now();
        b.outcome = rows[done];
        observer.disconnect();
      }
    });
    observer.observe(document.querySelector(".xterm-rows"), { subtree: true, childList: true, characterData: true });
  }, true);
`;

interface BuildWatch { armed: boolean; start: number; end: number; outcome?: string }
const watch = (page: Page) => page.evaluate(() => (globalThis as unknown as { __wasmodeBuild: BuildWatch }).__wasmodeBuild);

/** Types `line` on a clear screen and gives the ms from its Enter to the prompt back; throws unless it built. */
async function timedBuild(page: Page, line: string): Promise<number> {
  await page.keyboard.type("clear");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    // A clear screen: no row but the prompt.
    const rows = Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document.querySelectorAll(".xterm-rows > div"))
      .map((r) => (r.textContent ?? "").replace(/\u00a0/g, " ").trim()).filter((r) => r !== "");
    return rows.length === 1 && rows[0] === "/ $";
  }, null, { timeout: 15_000, polling: 20 });
  await page.keyboard.type(line);
  await page.evaluate(() => Object.assign((globalThis as unknown as { __wasmodeBuild: BuildWatch }).__wasmodeBuild, { armed: true, start: 0, end: 0, outcome: undefined }));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => (globalThis as unknown as { __wasmodeBuild: BuildWatch }).__wasmodeBuild.end > 0, null, { timeout: BUILD_TIMEOUT_MS, polling: 20 });
  const b = await watch(page);
  if (b.outcome !== "build: 1 built") throw new Error(`${line}: ${b.outcome}`);
  return b.end - b.start;
}

/** A fresh context (empty cache, empty storage): the page booted to its prompt, a cold build, then warm ones. */
async function pageRound(site: Site): Promise<Round> {
  const context = await site.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_BUILD);
    await page.goto(site.url);
    await page.waitForFunction(() => /\/ \$/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(".xterm-rows")?.textContent ?? ""), null, { timeout: 30_000, polling: 20 });
    await page.click("#terminal-pane");
    const cold = await timedBuild(page, `build ${MODULE} --dev`);
    const warm: number[] = [];
    for (let i = 0; i < WARM_PER_COLD; i++) warm.push(await timedBuild(page, `build --force --dev ${MODULE}`));
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/** The same compile as the builder's: hello_server's sources as asc read them here, and its arguments. */
interface Job { files: [string, string][]; args: string[] }

async function job(): Promise<Job> {
  const spec = packageRecipe().component(MODULE, `components/${MODULE}/main.ts`, "dev");
  const out = await compile(new NodeFiles(repoRoot), spec.name, spec.entries, spec.flags);
  const decoder = new TextDecoder();
  return { files: [...out.inputs].map(([p, bytes]) => [p, decoder.decode(bytes)]), args: [...spec.entries, "--outFile", "out.wasm", ...spec.flags] };
}

/** The baseline's worker: imports asc from the site once, compiles each job over its files in memory. */
const BASELINE_WORKER = `
  let asc = null;
  const normalize = (p) => {
    const out = [];
    for (const s of p.split("/")) {
      if (s === "" || s === ".") continue;
      if (s === ".." && out.length && out[out.length - 1] !== "..") out.pop(); else out.push(s);
    }
    return out.join("/");
  };
  onmessage = async (e) => {
    const { url, files, args } = e.data;
    asc ??= await import(url);
    const sources = new Map(files);
    let binary = null;
    const result = await asc.main(args, {
      readFile: async (file, baseDir) => sources.get(normalize(baseDir + "/" + file)) ?? null,
      writeFile: (file, contents) => { if (file === "out.wasm") binary = contents; },
      listFiles: async () => [],
      stdout: asc.createMemoryStream(),
      stderr: asc.createMemoryStream(),
    });
    postMessage(result.error || !binary ? "failed: " + (result.error?.message ?? "no binary") : "built");
  };
`;

/** A fresh context on a blank page of the site: a plain module worker imports asc (cold) and compiles, then compiles again (warm). */
async function baselineRound(browser: Browser, blank: string, ascUrl: string, work: Job): Promise<Round> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(blank);
    return await page.evaluate(async ({ source, url, work, warmCount }) => {
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), { type: "module" });
      const compileOnce = () => new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        worker.onmessage = (e: MessageEvent<string>) => (e.data === "built" ? resolve(performance.now() - t0) : reject(new Error(e.data)));
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage({ url, files: work.files, args: work.args });
      });
      const cold = await compileOnce();
      const warm: number[] = [];
      for (let i = 0; i < warmCount; i++) warm.push(await compileOnce());
      worker.terminate();
      return { cold, warm };
    }, { source: BASELINE_WORKER, url: ascUrl, work, warmCount: WARM_PER_COLD });
  } finally {
    await context.close();
  }
}

/** `reps` pages (after `warmup`), each a cold build and WARM_PER_COLD warm ones, alternating with as many baseline workers. */
export async function benchPageBuild(reps: number, warmup: number, log: (line: string) => void): Promise<PageBuildSamples> {
  const list = JSON.parse(readFileSync(path.join(distDir, "assets/compiler.json"), "utf8")) as { files: { name: string }[] };
  const asc = list.files.find((f) => /^asc-.*\.js$/.test(f.name));
  if (!asc) throw new Error("web/dist/assets/compiler.json names no asc chunk");
  const work = await job();
  const site = await openForBench();
  try {
    serveBlank(site);
    const ascUrl = new URL(`assets/${asc.name}`, site.url).href;
    const blank = new URL(BLANK_PATH, site.url).href;
    const rounds = await alternate(reps, warmup, async () => {
      const r = await pageRound(site);
      log(`  in the page: cold ${Math.round(r.cold)} ms, warm ${r.warm.map(Math.round).join(", ")} ms`);
      return r;
    }, async () => {
      const r = await baselineRound(site.browser, blank, ascUrl, work);
      log(`  asc in a plain worker: cold ${Math.round(r.cold)} ms, warm ${r.warm.map(Math.round).join(", ")} ms`);
      return r;
    });
    return {
      cold: rounds.value.map((r) => r.cold),
      coldBaseline: rounds.baseline.map((r) => r.cold),
      warm: rounds.value.flatMap((r) => r.warm),
      warmBaseline: rounds.baseline.flatMap((r) => r.warm),
    };
  } finally {
    await site.close();
  }
}
