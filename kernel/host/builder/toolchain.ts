// The compiler packages a build used, as package-lock.json pins them: what a provenance lists among its resolvedDependencies.
import { fromBase64, toHex } from "../provenance/encoding.ts";
import type { ToolPackage } from "../provenance/statement.ts";

/** The packages that turn AssemblyScript into binaries: asc and the optimizer it drives (a WAT module names wabt instead). */
export const TOOL_PACKAGES = ["assemblyscript", "binaryen"];

/** The package that turns WAT into binaries. */
export const WAT_TOOL_PACKAGES = ["wabt"];
/** What a compiler device inside the OS runs: the AssemblyScript toolchain and wabt (the builder lists wabt for WAT modules only). */
export const DEVICE_PACKAGES = [...TOOL_PACKAGES, "wabt"];

/**
 * Each of `names` with the version and sha512 (hex) the lockfile (v2/v3) pins; a package it does
 * not list, or lists without an sha512 integrity, is left out (a provenance lists what is known).
 */
export function toolchainOf(lockText: string, names: readonly string[] = TOOL_PACKAGES): ToolPackage[] {
  let lock: { packages?: Record<string, { version?: string; integrity?: string }> };
  try { lock = JSON.parse(lockText); } catch { return []; }
  const out: ToolPackage[] = [];
  for (const name of names) {
    const entry = lock.packages?.[`node_modules/${name}`];
    const integrity = entry?.integrity?.split(/\s+/).find((i) => i.startsWith("sha512-"));
    const digest = integrity ? fromBase64(integrity.slice(7)) : null;
    if (entry?.version && digest) out.push({ name, version: entry.version, sha512: toHex(digest) });
  }
  return out;
}
