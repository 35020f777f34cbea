// A live kernel swap with the default system running, and its baseline: kernel.wasm compiled, instantiated and booted alone.
import * as fs from "node:fs";
import * as path from "node:path";
import { boot, DEFAULT_CAPS, DEFAULT_RAM } from "../kernel/host/boot.ts";
import { MemoryStorage } from "../kernel/host/devices/storage.ts";
import { BufferTerminal } from "../kernel/host/devices/terminal.ts";
import { Kernel } from "../kernel/host/kernel.ts";
import { swapKernel } from "../kernel/host/kernel_swap.ts";
import { repoRoot } from "./image.ts";
import { alternate, gc, now, type Paired } from "./stats.ts";

export interface KernelSwapResult extends Paired {
  /** Of each swap, how long the system stood still (the takeover between activations), ms. */
  pauses: number[];
  /** PDs and objects the kernel held when swapped. */
  pds: number;
  objects: number;
}

/** ms to compile, instantiate and boot kernel.wasm alone: what any kernel swap must at least do. */
async function kernelStartOnce(bytes: Uint8Array): Promise<number> {
  gc();
  const t0 = now();
  const kernel = await Kernel.load(bytes);
  kernel.k.k_boot(DEFAULT_RAM, DEFAULT_CAPS);
  return now() - t0;
}

/** The default system (system/default.xml, its devices in memory) booted and idle; then swaps of the image's kernel.wasm (value) alternating with kernel starts alone (baseline). */
export async function benchKernelSwap(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<KernelSwapResult> {
  const kernel = roms.get("kernel.wasm");
  if (!kernel) throw new Error("kernel swap bench: the image has no kernel.wasm");
  const config = fs.readFileSync(path.join(repoRoot, "system/default.xml"));
  const lines: string[] = [];
  const { sys, halt } = await boot({ roms, config, console: { write: (l) => lines.push(l) }, terminal: new BufferTerminal(), storage: new MemoryStorage() });
  await sys.idle();
  const pauses: number[] = [];
  try {
    const paired = await alternate(reps, warmup, async () => {
      gc();
      const r = await swapKernel(sys, kernel);
      if (!r.ok) throw new Error(`kernel swap bench: ${r.reason}`);
      pauses.push(r.pauseMs);
      await sys.idle();
      return r.ms;
    }, () => kernelStartOnce(kernel));
    if (sys.faults.length) throw new Error(`kernel swap bench: ${sys.faults.map((f) => `${f.label}: ${f.reason}`).join("; ")}`);
    let pds = 0;
    for (let pd = 0; pd < sys.servers.length; pd++) if (sys.k.k_pd_alive(pd)) pds++;
    return { ...paired, pauses: pauses.slice(warmup), pds, objects: sys.k.k_objects() };
  } finally {
    halt();
  }
}
