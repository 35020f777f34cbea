// The compiler packages a build uses (assemblyscript, binaryen, wabt), their versions and digests, read from package-lock.json: what a provenance lists as resolved dependencies.
//
// The one parser of the lock file for every builder: `npm run build`, the OS's compiler device in
// Node, and the page's (web/vite.config.ts hands it the result at build time). Host layer, no Node API.

/** One package of the toolchain: npm name, version, and the sha512 of its tarball (lowercase hex, from the lock's `integrity`). */
export interface Toolchain {
  name: string;
  version: string;
  sha512: string;
}

/** The packages a compile can use, in this order; wabt only for WAT modules. */
export const TOOLCHAIN_PACKAGES: readonly string[] = ["assemblyscript", "binaryen", "wabt"];

/** The hex of the sha512 in an SRI `integrity` string (`sha512-<base64>`, possibly among other hashes); null when it holds none. */
export function sha512Hex(integrity: string): string | null {
  for (const part of integrity.trim().split(/\s+/)) {
    if (!part.startsWith("sha512-")) continue;
    const b64 = part.slice("sha512-".length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    if (bytes.length !== 64) return null;
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return null;
}

/**
 * The toolchain packages a package-lock.json (lockfile version 2 or 3, or npm's hidden
 * node_modules/.package-lock.json) records, in TOOLCHAIN_PACKAGES order; a package it does not
 * hold is left out. Throws naming what is wrong when the text is not such a lock file or a
 * package's entry lacks its version or sha512.
 */
export function toolchainOf(lockJson: string): Toolchain[] {
  let lock: unknown;
  try {
    lock = JSON.parse(lockJson);
  } catch (e) {
    throw new Error(`package-lock.json is not JSON: ${(e as Error).message}`);
  }
  const packages = (lock as { packages?: unknown } | null)?.packages;
  if (typeof packages !== "object" || packages === null) throw new Error(`package-lock.json has no "packages" (lockfile version 2 or later)`);
  const out: Toolchain[] = [];
  for (const name of TOOLCHAIN_PACKAGES) {
    const entry = (packages as Record<string, unknown>)[`node_modules/${name}`] as { version?: unknown; integrity?: unknown } | undefined;
    if (entry === undefined) continue;
    if (typeof entry.version !== "string" || entry.version === "") throw new Error(`package-lock.json: ${name} has no version`);
    const sha512 = typeof entry.integrity === "string" ? sha512Hex(entry.integrity) : null;
    if (sha512 === null) throw new Error(`package-lock.json: ${name} has no sha512 integrity`);
    out.push({ name, version: entry.version, sha512 });
  }
  return out;
}
