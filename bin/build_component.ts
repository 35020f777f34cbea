// `wasmode build-component SOURCE [-o FILE]`: compiles a component author's AssemblyScript against the SDK Wasmode carries.
import * as fs from "node:fs";
import * as path from "node:path";
import { CompileError, compile } from "../kernel/host/builder/compile.ts";
import { signProvenance } from "../kernel/host/builder/builder.ts";
import { toolchainOf } from "../kernel/host/builder/toolchain.ts";
import { provenanceName } from "../kernel/host/provenance/dsse.ts";
import { short } from "../kernel/host/provenance/encoding.ts";
import { BUILDER } from "../kernel/host/provenance/statement.ts";
import { sha256Hex } from "../components/lib/sha256.ts";
import { componentSpec } from "./recipe.ts";
import { releaseKey } from "./release_key.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { MemoryFiles, MountedFiles, writeText } from "../kernel/host/files.ts";
import { checkModule } from "../kernel/host/module_check.ts";
import { UsageError, commandArgs } from "./args.ts";
import { packageRoot } from "./paths.ts";

/** Where the SDK appears to the author's sources: `import { log } from "wasmode/components/lib/log"`. */
export const SDK_MOUNT = "node_modules/wasmode";

/**
 * The SDK's entry points, taken by the same package import as the author's: asc names a module by
 * how it was reached, and an SDK reached twice would be two SDKs, one of them never set up.
 */
const ENTRY_FOLDER = "__wasmode_entry";
const ENTRY = `// The entry points every component exports (components/lib/exports.ts), as the author's imports reach the SDK.
export { __ipc_buffer, __dispatch, __signal } from "wasmode/components/lib/exports";
`;

export interface BuildComponentArgs { source: string; out: string }

export function parseBuildComponentArgs(argv: string[]): BuildComponentArgs {
  const { config: source, values } = commandArgs(argv, { output: { type: "string", short: "o" } },
    "build-component needs a source file: wasmode build-component main.ts [-o mine.wasm]");
  if (!source.endsWith(".ts")) throw new UsageError(`source ${source}: an AssemblyScript file ends in .ts`);
  const out = values.output ?? source.replace(/\.ts$/, ".wasm");
  if (out.endsWith(".ts") || path.resolve(out) === path.resolve(source)) throw new UsageError(`-o ${out}: the output is the module (a .wasm file), not a source`);
  return { source, out };
}

/**
 * Compiles SOURCE as components/NAME/main.ts is compiled for the boot image (the same flags, the
 * SDK's entry points beside it), in the current folder (where asc looks for packages, and what the
 * paths in its messages are relative to) with the package's sources mounted at node_modules/wasmode,
 * wherever npm installed it. The result is checked as the loader checks a module, so a component
 * the kernel would refuse fails here, saying why; it is written whole or not at all.
 */
export async function buildComponent(args: BuildComponentArgs, progress: (line: string) => void): Promise<number> {
  const full = path.resolve(args.source);
  if (!fs.existsSync(full)) throw new UsageError(`source ${args.source}: no such file`);
  const name = path.basename(args.out).replace(/\.wasm$/, "");
  const main = path.relative(process.cwd(), full).split(path.sep).join("/");
  const spec = componentSpec(name, main);
  const entry = new MemoryFiles();
  await writeText(entry, "entry.ts", ENTRY);
  spec.entries = [`${ENTRY_FOLDER}/entry.ts`, main];
  const withSdk = new MountedFiles(new NodeFiles(process.cwd()), SDK_MOUNT, new NodeFiles(packageRoot));
  const files = new MountedFiles(withSdk, ENTRY_FOLDER, entry);
  progress(`${spec.name}: loading the AssemblyScript compiler and compiling ${args.source} (a few seconds)...`);
  const t0 = performance.now();
  let binary: Uint8Array, inputs: Map<string, Uint8Array>;
  const started = new Date().toISOString();
  try {
    ({ binary, inputs } = await compile(files, spec.name, spec.entries, spec.flags));
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    progress(e.diagnostics.join("\n") || e.message);
    return 1;
  }
  try {
    checkModule(spec.name, binary, { meter: false });
  } catch (e) {
    progress(`built, but Wasmode would refuse it: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const finished = new Date().toISOString();
  // Signed with the author's release key: an image built here trusts it; another image needs `trust` or --unsigned.
  const release = await releaseKey();
  const hashes: Record<string, string> = {};
  for (const [p, bytes] of [...inputs].sort(([a], [b]) => (a < b ? -1 : 1))) hashes[p] = sha256Hex(bytes);
  const lock = fs.existsSync(path.join(packageRoot, "package-lock.json")) ? fs.readFileSync(path.join(packageRoot, "package-lock.json"), "utf8") : "";
  const envelope = await signProvenance(spec, sha256Hex(binary), hashes, { key: release.key, toolchain: toolchainOf(lock), builder: BUILDER.nodeBuild, profile: "release" }, started, finished);
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  writeWhole(args.out, binary);
  writeWhole(provenanceName(args.out), envelope);
  progress(`${args.out}: ${binary.length} bytes in ${Math.round(performance.now() - t0)} ms, signed with the release key ${short(release.key.keyid)} (${provenanceName(args.out)}); run it with --rom ${args.out}`);
  return 0;
}

/** Writes `file` whole or not at all. */
function writeWhole(file: string, bytes: Uint8Array): void {
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file);
}
