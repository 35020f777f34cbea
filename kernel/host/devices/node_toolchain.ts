// Node device: the compiler packages this host runs, read from the package-lock.json it was installed by (builder/toolchain.ts parses it).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { DEVICE_PACKAGES, toolchainOf } from "../builder/toolchain.ts";
import type { ToolPackage } from "../provenance/statement.ts";

/**
 * The lock files that may describe the installed toolchain, best first: the checkout's
 * package-lock.json (beside the sources, or above dist/), then npm's hidden lock of the
 * node_modules that holds assemblyscript (an installed package carries no package-lock.json).
 */
function lockFiles(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = [path.resolve(here, "../../../package-lock.json"), path.resolve(here, "../../../../package-lock.json")];
  try {
    const asc = createRequire(import.meta.url).resolve("assemblyscript/package.json");
    out.push(path.resolve(path.dirname(asc), "../.package-lock.json"));
  } catch {
    // No assemblyscript installed: the compiler device cannot run either; the checkout's lock may still say.
  }
  return out;
}

/** The toolchain of this host; throws naming the lock files looked for when none is there. */
export function nodeToolchain(): ToolPackage[] {
  const candidates = lockFiles();
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const found = toolchainOf(readFileSync(file, "utf8"), DEVICE_PACKAGES);
    if (found.some((t) => t.name === "assemblyscript")) return found;
  }
  throw new Error(`no package-lock.json names the compiler packages (looked for ${candidates.join(", ")})`);
}
