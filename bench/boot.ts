// Boot to first log line of examples/hello.xml, in-process, and its baseline: instantiating kernel.wasm alone.
import * as fs from "node:fs";
import * as path from "node:path";
import { boot } from "../kernel/host/boot.ts";
import { Kernel } from "../kernel/host/kernel.ts";
import { repoRoot } from "./image.ts";
import { alternate, gc, now, type Paired } from "./stats.ts";

const FIRST_LINE = "[init -> hello] Hello";

/** ms from calling boot() (kernel.wasm compiled and instantiated inside it) to the console's first `Hello`. */
async function bootOnce(roms: Map<string, Uint8Array>, config: Uint8Array): Promise<number> {
  gc();
  let seen = -1;
  const lines: string[] = [];
  const t0 = now();
  const { sys } = await boot({ roms, config, console: { write: (l) => { if (seen < 0 && l === FIRST_LINE) seen = now(); lines.push(l); } } });
  await sys.idle();
  if (seen < 0) throw new Error(`boot bench: no "${FIRST_LINE}" line; the log was:\n${lines.join("\n")}`);
  return seen - t0;
}

/** ms to compile and instantiate kernel.wasm alone (Kernel.load), the floor under any boot. */
async function kernelLoadOnce(bytes: Uint8Array): Promise<number> {
  gc();
  const t0 = now();
  await Kernel.load(bytes);
  return now() - t0;
}

/** Boots of hello.xml (value) alternating with loads of kernel.wasm alone (baseline), `reps` each after `warmup`. */
export async function benchBoot(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<Paired> {
  const config = fs.readFileSync(path.join(repoRoot, "examples/hello.xml"));
  const kernel = roms.get("kernel.wasm");
  if (!kernel) throw new Error("boot bench: the image has no kernel.wasm");
  return alternate(reps, warmup, () => bootOnce(roms, config), () => kernelLoadOnce(kernel));
}
