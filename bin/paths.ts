// Where Wasmode's own files are (a checkout or the installed package), where its caches go, and where Genode's corpus is.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The folder holding package.json, system/, build/image and the sources: this file is bin/paths.ts
 * under the tests and dist/bin/paths.js when compiled, in a checkout and in an installed package alike.
 */
export const packageRoot = path.basename(path.dirname(here)) === "dist" ? path.resolve(here, "../..") : path.resolve(here, "..");

/** The prebuilt boot image (`npm run build` writes it; the package carries it). */
export const imageDir = path.join(packageRoot, "build/image");

/**
 * Where Wasmode keeps what it can make again (compiled config tools, fuel rewrites):
 * $XDG_CACHE_HOME/wasmode, else ~/.cache/wasmode. Never inside the package, which may be read-only.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), ".cache");
  return path.join(base, "wasmode");
}

/**
 * The AssemblyScript compiler's version, from its package.json, without loading the compiler (half a
 * second): wherever npm put it (beside the package when installed, in its node_modules in a checkout).
 */
export function compilerVersion(): string {
  // Only its "./transform" entry has a require condition, so that is the one require.resolve finds.
  const transform = createRequire(import.meta.url).resolve("assemblyscript/transform");
  return (JSON.parse(readFileSync(path.join(path.dirname(transform), "../package.json"), "utf8")) as { version: string }).version;
}

/** A dependency's version from its package.json, wherever npm put it ("?" when it cannot be found). */
export function packageVersion(name: string): string {
  try {
    const main = createRequire(import.meta.url).resolve(name);
    for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, "package.json");
      if (existsSync(file)) {
        const p = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (p.name === name) return p.version ?? "?";
      }
    }
  } catch { /* not installed */ }
  return "?";
}

/** Genode's init configs and test scenario (AGPL test data, read where it lies, never copied in). */
export interface Corpus {
  dir: string;
  found: boolean;
  /** The line a test or command that needs it prints when it is missing. */
  missing: string;
}

export function genodeInitCorpus(env: NodeJS.ProcessEnv = process.env): Corpus {
  // An empty variable is no folder (it would be the current one).
  const dir = path.resolve(env.WASMODE_GENODE_INIT_CORPUS || path.join(packageRoot, "../shared/conformance/genode-init"));
  // The scenario marks the corpus: a folder without it is some other folder.
  return { dir, found: existsSync(path.join(dir, "os_raw_test-init_script.xml")), missing: `skipped: Genode's init corpus not found at ${dir} (set WASMODE_GENODE_INIT_CORPUS)` };
}
