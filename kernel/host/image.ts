// The boot image: the binaries a build wrote and its manifest, read through Files.
import type { BootTrust } from "./boot.ts";
import type { Files } from "./files.ts";
import { parseTrustedKeys, type TrustedKey } from "./provenance/keys.ts";
import { readText } from "./files.ts";

export interface Manifest { modules: { name: string; size: number; sha256: string }[] }

/** Reads every module the manifest lists: ROM modules by file name (`init.wasm`, `kernel.wasm`). */
export async function loadImage(files: Files, dir: string): Promise<Map<string, Uint8Array>> {
  const text = await readText(files, `${dir}/manifest.json`);
  if (text === null) throw new Error(`${dir}/manifest.json: no boot image here (run \`npm run build\`)`);
  const manifest = JSON.parse(text) as Manifest;
  // All at once: over HTTP (the page) the reads overlap.
  const read = await Promise.all(manifest.modules.map(async (m) => {
    const bytes = await files.read(`${dir}/${m.name}`);
    if (bytes === null) throw new Error(`${dir}/${m.name}: listed in the manifest but missing`);
    return [m.name, bytes] as const;
  }));
  return new Map(read);
}

/** The image's list of the public keys it trusts (`npm run build` writes it). */
export const TRUSTED_KEYS = "trusted_keys.json";

/** What core checks this image's binaries against: the keys it carries, and those the user added. */
export function imageTrust(roms: ReadonlyMap<string, Uint8Array>, userKeys: readonly TrustedKey[] = [], unsigned?: ReadonlySet<string>): BootTrust {
  const text = roms.get(TRUSTED_KEYS);
  if (!text) throw new Error(`the boot image has no ${TRUSTED_KEYS}: it trusts no key, so nothing could run (run \`npm run build\`)`);
  return { keys: [...parseTrustedKeys(new TextDecoder().decode(text)), ...userKeys], unsigned };
}
