// `wasmode run CONFIG [--rom FILE ...]`: boots core and init with CONFIG and prints the log until the system is idle.
import * as path from "node:path";
import { PdState } from "../kernel/abi.ts";
import { boot } from "../kernel/host/boot.ts";
import type { Console } from "../kernel/host/devices/console.ts";
import { nodeCompiler } from "../kernel/host/devices/node_compiler.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { loadImage } from "../kernel/host/image.ts";
import { commandArgs, readUserFile } from "./args.ts";

export { UsageError } from "./args.ts";

export interface RunArgs { config: string; roms: string[]; image: string }

export function parseRunArgs(argv: string[], defaultImage: string): RunArgs {
  const { config, values } = commandArgs(argv, { rom: { type: "string", multiple: true }, image: { type: "string" } },
    "run needs a config file: wasmode run CONFIG [--rom FILE ...]");
  return { config, roms: values.rom ?? [], image: values.image ?? defaultImage };
}

/** Boots the system and waits until it is idle. Returns the exit code: 0 unless the top component failed. */
export async function run(args: RunArgs, console: Console): Promise<number> {
  const config = readUserFile(args.config, "config");
  const roms = await loadImage(new NodeFiles(path.dirname(args.image)), path.basename(args.image));
  for (const file of args.roms) roms.set(path.basename(file), readUserFile(file, "rom"));
  // A config may route the Compiler service (a builder, say): its worker starts on the first compile only.
  const compiler = nodeCompiler();
  let booted;
  try {
    booted = await boot({ roms, config, console, compiler });
    await booted.sys.idle();
  } finally {
    compiler.close();
  }
  const { sys, core } = booted;
  const top = core.topState;
  // Init, as Genode's, keeps running with a config it cannot parse, waiting for a better one; here
  // the config never changes, so its complaint is the run's failure, at the file's line and column.
  const last = core.lastLine.get("init") ?? "";
  if (/^config:\d+:\d+: /.test(last)) throw new RunFailure(last.replace(/^config:/, `${args.config}:`));
  if (top && top.state === PdState.Exited && top.code !== 0) {
    // init's last words name the problem; its config ROM is the file the user gave.
    const last = (core.lastLine.get("init") ?? "").replace(/^config:/, `${args.config}:`);
    throw new RunFailure(last || `init exited with exit value ${top.code}`);
  }
  const problem = sys.refused[0] ?? sys.faults[0];
  if (problem) {
    const what = sys.refused.length ? "not started" : "faulted";
    throw new RunFailure(`"${problem.label}" ${what}: ${problem.reason}`);
  }
  return 0;
}

/** The run went wrong: the message is its one-line reason. */
export class RunFailure extends Error {}
