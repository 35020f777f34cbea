// Building inside Wasmode: hello_server through the shell, the builder and the compiler device, beside asc called directly in this process.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { boot } from "../kernel/host/boot.ts";
import { compile } from "../kernel/host/builder/compile.ts";
import { nodeCompiler } from "../kernel/host/devices/node_compiler.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { MemoryStorage } from "../kernel/host/devices/storage.ts";
import { BufferTerminal } from "../kernel/host/devices/terminal.ts";
import { packageRecipe } from "../bin/recipe.ts";
import { now } from "./stats.ts";
import { repoRoot, text } from "./image.ts";

const MODULE = "hello_server";

export interface BuildSamples {
  /** ms from the command typed to the prompt back, through the builder; and asc on the same sources here. */
  dev: number[];
  devDirect: number[];
  release: number[];
  releaseDirect: number[];
  /** A second set of direct release builds: how far two sets of the same thing differ (build_overhead_pct's floor). */
  releaseDirectAgain: number[];
}

/** The default system with its shell on a buffer terminal: `build` typed there, timed to the prompt coming back. */
export async function bootDefault(console: (line: string) => void = () => {}) {
  const terminal = new BufferTerminal(120, 40);
  const compiler = nodeCompiler();
  const config = readFileSync(path.join(repoRoot, "system/default.xml"));
  const { loadImage } = await import("../kernel/host/image.ts");
  const roms = await loadImage(new NodeFiles(repoRoot), "build/image");
  const { sys } = await boot({ roms, config, console: { write: console }, terminal, storage: new MemoryStorage(), compiler });
  await sys.idle();
  let seen = 0;
  const type = async (line: string): Promise<string> => {
    terminal.type(line + "\r");
    await sys.idle();
    const all = new TextDecoder().decode(terminal.output());
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  return { type, close: () => compiler.close() };
}

async function direct(profile: string): Promise<number> {
  const spec = packageRecipe().component(MODULE, `components/${MODULE}/main.ts`, profile);
  const t0 = now();
  await compile(new NodeFiles(repoRoot), spec.name, spec.entries, spec.flags);
  return now() - t0;
}

export async function benchBuild(reps: number, log: (line: string) => void): Promise<BuildSamples> {
  const os = await bootDefault();
  const out: BuildSamples = { dev: [], devDirect: [], release: [], releaseDirect: [], releaseDirectAgain: [] };
  try {
    // Warm: the compiler loaded in the device's worker and here, each once.
    log("  loading the compiler in the device's worker and in this process (one build each)");
    const first = await os.type(`build --force --dev ${MODULE}`);
    if (!first.includes("1 built")) throw new Error(`the first build did not succeed:\n${first}`);
    await direct("dev");
    const timed = async (command: string): Promise<number> => {
      const t0 = now();
      const said = await os.type(command);
      const ms = now() - t0;
      if (!said.includes("build: 1 built")) throw new Error(`${command} did not build:\n${said}`);
      return ms;
    };
    for (let i = 0; i < reps + 1; i++) {
      const d = await timed(`build --force --dev ${MODULE}`);
      const dd = await direct("dev");
      const r = await timed(`build --force ${MODULE}`);
      const rd = await direct("release");
      const rd2 = await direct("release");
      if (i === 0) continue;
      out.dev.push(d); out.devDirect.push(dd); out.release.push(r); out.releaseDirect.push(rd); out.releaseDirectAgain.push(rd2);
      log(`  dev ${Math.round(d)} ms (asc here ${Math.round(dd)}), release ${Math.round(r)} ms (asc here ${Math.round(rd)}, ${Math.round(rd2)})`);
    }
  } finally {
    os.close();
  }
  return out;
}

export { text };
