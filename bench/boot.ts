// Boot to first log line of examples/hello.xml, in-process, and the baseline: instantiating kernel.wasm alone.
import * as fs from "node:fs";
import * as path from "node:path";
import { boot } from "../kernel/host/boot.ts";
import { Kernel } from "../kernel/host/kernel.ts";
import { repoRoot } from "./image.ts";
import { gc, now } from "./stats.ts";

const FIRST_LINE = "[init -> hello] Hello";

/** ms from calling boot() (kernel.wasm compiled and instantiated inside it) to the console's first `Hello`. */
export async function benchBoot(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<number[]> {
  const config = fs.readFileSync(path.join(repoRoot, "examples/hello.xml"));
  const samples: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    gc();
    let seen = -1;
    const lines: string[] = [];
    const t0 = now();
    const { sys } = await boot({ roms, config, console: { write: (l) => { if (seen < 0 && l === FIRST_LINE) seen = now(); lines.push(l); } } });
    await sys.idle();
    if (seen < 0) throw new Error(`boot bench: no "${FIRST_LINE}" line; the log was:\n${lines.join("\n")}`);
    if (i >= warmup) samples.push(seen - t0);
  }
  return samples;
}

/** ms to compile and instantiate kernel.wasm alone (Kernel.load), the floor under any boot. */
export async function benchKernelLoad(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<number[]> {
  const bytes = roms.get("kernel.wasm")!;
  const samples: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const t0 = now();
    await Kernel.load(bytes);
    if (i >= warmup) samples.push(now() - t0);
  }
  return samples;
}
