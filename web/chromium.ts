// Which chromium the browser tests and the bench drive (Node side): Debian's, or the one an npm package carries, never a download.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { cacheDir } from "../bin/paths.ts";

/** Debian's chromium, where it is installed. */
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** What to do when no browser can be had, in one line. */
export const NO_BROWSER = "no chromium for the browser tests: run `npm ci` on x64 Linux (the devDependency @sparticuz/chromium carries one), install Debian's (`apt-get install chromium`), or set WASMODE_CHROMIUM to a chromium binary";

/** Null when the binary starts and says it is chromium; else why not (its first line of complaint). */
function whyNotStarting(binary: string): string | null {
  try {
    const out = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] });
    return /chrom/i.test(out) ? null : `it says "${out.trim()}"`;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return (err.stderr?.trim().split("\n")[0] || err.message).slice(0, 200);
  }
}

/**
 * The Chromium inside the npm package @sparticuz/chromium (brotli-compressed, with its fonts and GL
 * libraries), unpacked once into $XDG_CACHE_HOME/wasmode/chromium-VERSION. The package unpacks into
 * the temp folder; pointed at a fresh folder of its own, which is then renamed into place, neither
 * a torn unpack nor another process unpacking at the same time can leave a broken one there.
 */
async function packagedChromium(): Promise<string> {
  const { default: packaged } = await import("@sparticuz/chromium");
  const entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), "../../package.json"), "utf8")) as { version: string };
  const home = path.join(cacheDir(), `chromium-${version}`);
  const binary = path.join(home, "chromium");
  if (existsSync(binary) && whyNotStarting(binary) === null) return binary;
  mkdirSync(cacheDir(), { recursive: true });
  const scratch = mkdtempSync(`${home}.tmp-`);
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    await packaged.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  const why = whyNotStarting(path.join(scratch, "chromium"));
  if (why !== null) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`the chromium of @sparticuz/chromium does not start (${why}); ${NO_BROWSER}`);
  }
  // A broken one from before goes; a good one another process put there meanwhile stays.
  if (existsSync(home) && whyNotStarting(binary) !== null) rmSync(home, { recursive: true, force: true });
  try {
    renameSync(scratch, home);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}

/**
 * The chromium to drive: WASMODE_CHROMIUM when set, else Debian's, else the packaged one. A test
 * run finds it once (tests/support/global_setup.ts) and hands the path, or why there is none, on
 * through the environment. Throws one line saying how to get one.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.WASMODE_CHROMIUM_ERROR) throw new Error(env.WASMODE_CHROMIUM_ERROR);
  if (env.WASMODE_CHROMIUM) {
    const why = whyNotStarting(env.WASMODE_CHROMIUM);
    if (why !== null) throw new Error(`WASMODE_CHROMIUM=${env.WASMODE_CHROMIUM} does not start as chromium (${why}); ${NO_BROWSER}`);
    return env.WASMODE_CHROMIUM;
  }
  if (existsSync(DEBIAN_CHROMIUM) && whyNotStarting(DEBIAN_CHROMIUM) === null) return DEBIAN_CHROMIUM;
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(NO_BROWSER);
  return packagedChromium();
}
