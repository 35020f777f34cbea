// What the boot image is built from: kernel.wasm and every component, with their entries and flags.
import type { Files } from "../files.ts";

export interface ModuleSpec {
  /** The binary's name in the image, e.g. `kernel.wasm`, `init.wasm`. */
  name: string;
  entries: string[];
  flags: string[];
}

const OPTIMIZE = ["-O3"];

/** The kernel: no garbage collector, no imported memory; it exports its memory for the register area. */
export const KERNEL: ModuleSpec = {
  name: "kernel.wasm",
  entries: ["kernel/main.ts"],
  flags: ["--runtime", "stub", ...OPTIMIZE],
};

/** A component: the SDK's entry points, its main, a memory the host creates, a start the host calls. */
export function componentSpec(name: string, main: string): ModuleSpec {
  return {
    name: `${name}.wasm`,
    entries: ["components/lib/exports.ts", main],
    flags: ["--runtime", "incremental", "--importMemory", "--exportStart", "_start", ...OPTIMIZE],
  };
}

/** Every module of the image: the kernel, each components/NAME/main.ts, and shell/main.ts. */
export async function discoverModules(files: Files): Promise<ModuleSpec[]> {
  const specs = [KERNEL];
  for (const dir of (await files.list("components")) ?? []) {
    if (dir === "lib") continue;
    const main = `components/${dir}/main.ts`;
    if (await files.read(main)) specs.push(componentSpec(dir, main));
  }
  if (await files.read("shell/main.ts")) specs.push(componentSpec("shell", "shell/main.ts"));
  return specs;
}
