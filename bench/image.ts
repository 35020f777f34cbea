// The boot image of build/image plus the bench's own components, compiled here (they are not part of the image).
import { compile } from "../kernel/host/builder/compile.ts";
import { componentSpec } from "../bin/recipe.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { loadImage } from "../kernel/host/image.ts";
import { packageRoot } from "../bin/paths.ts";

/** The checkout the bench runs in. */
export const repoRoot = packageRoot;

export const BENCH_COMPONENTS = ["idle", "ipc_server", "ipc_client", "fuel_work", "fs_stream", "ticker", "spin", "swap_client"] as const;

/** ROM modules by name: the image's binaries and NAME.wasm for each bench component. */
export async function benchRoms(progress: (line: string) => void): Promise<Map<string, Uint8Array>> {
  const files = new NodeFiles(repoRoot);
  const roms = await loadImage(files, "build/image");
  for (const name of BENCH_COMPONENTS) {
    const spec = componentSpec(name, `bench/components/${name}/main.ts`);
    const t0 = performance.now();
    const out = await compile(files, spec.name, spec.entries, spec.flags);
    roms.set(spec.name, out.binary);
    progress(`compiled ${spec.name}: ${out.binary.length} bytes in ${Math.round(performance.now() - t0)} ms`);
  }
  return roms;
}

const encoder = new TextEncoder();
export const text = (s: string): Uint8Array => encoder.encode(s);
