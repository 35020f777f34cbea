// `wasmode run CONFIG [--rom FILE ...]`: boots core and init with CONFIG and prints the log until the system is idle.
import * as fs from "node:fs";
import * as path from "node:path";
import { PdState } from "../kernel/abi.ts";
import { boot } from "../kernel/host/boot.ts";
import type { Console } from "../kernel/host/devices/console.ts";
import { nodeCompiler } from "../kernel/host/devices/node_compiler.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { imageTrust, loadImage } from "../kernel/host/image.ts";
import { provenanceName } from "../kernel/host/provenance/dsse.ts";
import { sha256Hex } from "../components/lib/sha256.ts";
import { commandArgs, readUserFile } from "./args.ts";

export { UsageError } from "./args.ts";

export interface RunArgs { config: string; roms: string[]; image: string; unsigned: boolean }

export function parseRunArgs(argv: string[], defaultImage: string): RunArgs {
  const { config, values } = commandArgs(argv, { rom: { type: "string", multiple: true }, image: { type: "string" }, unsigned: { type: "boolean" } },
    "run needs a config file: wasmode run CONFIG [--rom FILE ...] [--unsigned]");
  return { config, roms: values.rom ?? [], image: values.image ?? defaultImage, unsigned: values.unsigned ?? false };
}

/**
 * Adds each --rom FILE as a boot module, with its provenance (FILE.intoto.jsonl) when one lies
 * beside it. A binary without one needs --unsigned, which allows exactly those files: the names
 * it allows, each said in one line on `say`.
 */
export function addRoms(roms: Map<string, Uint8Array>, files: string[], unsigned: boolean, say: (line: string) => void): Set<string> {
  const allowed = new Set<string>();
  for (const file of files) {
    const name = path.basename(file), bytes = readUserFile(file, "rom");
    roms.set(name, bytes);
    const envelope = provenanceName(file);
    if (fs.existsSync(envelope)) roms.set(provenanceName(name), readUserFile(envelope, "rom"));
    else if (unsigned && bytes[0] === 0 && bytes[1] === 0x61) {
      allowed.add(name);
      say(`--unsigned: ${file} runs without signed provenance (sha256 ${sha256Hex(bytes).slice(0, 12)}…); every other binary is still checked`);
    }
  }
  return allowed;
}

/** Boots the system and waits until it is idle. Returns the exit code: 0 unless the top component failed. */
export async function run(args: RunArgs, console: Console): Promise<number> {
  const config = readUserFile(args.config, "config");
  const roms = await loadImage(new NodeFiles(path.dirname(args.image)), path.basename(args.image));
  const unsigned = addRoms(roms, args.roms, args.unsigned, (line) => console.write(line));
  // A config may route the Compiler service (a builder, say): its worker starts on the first compile only.
  const compiler = nodeCompiler();
  let booted;
  try {
    booted = await boot({ roms, config, console, compiler, trust: imageTrust(roms, [], unsigned) });
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
    const hint = problem.reason.includes("no signed provenance") && args.roms.length > 0 && !args.unsigned ? " (--unsigned lets the --rom binaries run without it)" : "";
    throw new RunFailure(`"${problem.label}" ${what}: ${problem.reason}${hint}`);
  }
  return 0;
}

/** The run went wrong: the message is its one-line reason. */
export class RunFailure extends Error {}
