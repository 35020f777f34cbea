// Runs the wasmode command as a person would: a separate process, its exit code and both outputs.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./paths.ts";

const exec = promisify(execFile);

export interface CommandResult { code: number; stdout: string; stderr: string }

/**
 * The tests' cache folder ($XDG_CACHE_HOME of the commands they run): one for every test run on this
 * machine, so the config tools compile once, and never the user's own.
 */
export const testCacheDir = path.join(tmpdir(), "wasmode-tests-cache");

/**
 * Runs `wasmode ARGS`. Its default storage (the XDG data directory) is a fresh temporary one, removed
 * afterwards: a test never touches the user's files, and never sees another test's.
 */
export function wasmode(...args: string[]): Promise<CommandResult> {
  return wasmodeWith({}, ...args);
}

/** Runs `wasmode ARGS` like wasmode() with these environment variables besides (XDG_CACHE_HOME, say). */
export async function wasmodeWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CommandResult> {
  const data = mkdtempSync(path.join(tmpdir(), "wasmode-data-"));
  try {
    const r = await exec(process.execPath, [path.join(repoRoot, "bin/wasmode.js"), ...args], { cwd: repoRoot, env: { ...process.env, XDG_DATA_HOME: data, XDG_CACHE_HOME: testCacheDir, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

/** A folder of files a test writes for the command to read. */
export function scratch(prefix: string): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return (name, content) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
}
