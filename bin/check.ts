// `wasmode check CONFIG`: validates an init config; also loads the config tools (components/init/model/tools.ts) for `route`.
import * as fs from "node:fs";
import * as path from "node:path";
import { instantiate } from "@assemblyscript/loader";
import { sha256 } from "../kernel/host/builder/builder.ts";
import { compile } from "../kernel/host/builder/compile.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { UsageError, commandArgs, readUserFile } from "./args.ts";
import { type AsExports, callForString, callPinned } from "./as_call.ts";
import { cacheDir, compilerVersion } from "./paths.ts";

const ENTRY = "components/init/model/tools.ts";
const FLAGS = ["--runtime", "incremental", "--exportRuntime", "-O2"];
/**
 * In the user's cache folder (cacheDir()), never in the package; named by the build key, so that two
 * checkouts or installs (another root, compiler or flags) keep a build each instead of taking turns.
 */
const cacheWasm = (key: string) => `tools-${key.slice(0, 16)}.wasm`;
const cacheRecord = (key: string) => `tools-${key.slice(0, 16)}.json`;

/** What the cache remembers: the build key, each input's sha256, and the output's. */
interface CacheRecord { key: string; inputs: Record<string, string>; output: string }

export interface ToolResult { status: number; output: string }

/** The config tools, compiled from this checkout's AssemblyScript sources. */
export class Tools {
  constructor(private m: AsExports) {}

  private call(fn: string, ...args: (string | number)[]): ToolResult {
    const output = callForString(this.m, fn, ...args);
    return { status: this.m.status() as number, output };
  }

  /** `binaries` null accepts any binary. */
  check(text: string, binaries: string[] | null): ToolResult {
    return this.call("check", text, binaries === null ? "*" : binaries.join(","));
  }

  /** `environment`: the request is one of the child's environment sessions, labelled with its name alone. */
  route(text: string, from: string, service: string, label: string, config: number, environment = false): ToolResult {
    return this.call("route", text, from, service, label, config, environment ? 1 : 0);
  }

  /** Routes one request `n` times after parsing once (the bench's routing cost); the count routed. */
  routeRepeatedly(text: string, from: string, service: string, label: string, n: number): number {
    return callPinned(this.m, "routeRepeatedly", text, from, service, label, n) as number;
  }
}

async function cached(root: string, cache: string, key: string): Promise<Uint8Array | null> {
  let record: CacheRecord;
  try {
    record = JSON.parse(fs.readFileSync(path.join(cache, cacheRecord(key)), "utf8")) as CacheRecord;
  } catch {
    return null;
  }
  if (record.key !== key) return null;
  const wasm = await new NodeFiles(cache).read(cacheWasm(key));
  if (wasm === null || (await sha256(wasm)) !== record.output) return null;
  const sources = new NodeFiles(root);
  for (const [file, hash] of Object.entries(record.inputs)) {
    const bytes = await sources.read(file);
    if (bytes === null || (await sha256(bytes)) !== hash) return null;
  }
  return wasm;
}

/** Writes a file whole or not at all: two processes building at once must not leave half a file. */
function writeAtomically(file: string, bytes: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/**
 * Compiles the tools (from the sources under `root`) once and keeps the binary in the cache folder,
 * keyed by the package's root, the compiler's version, the flags and the sha256 of every source read;
 * later calls load it without the compiler.
 */
export async function loadTools(root: string, progress: (line: string) => void, cache = cacheDir()): Promise<Tools> {
  const key = await sha256(new TextEncoder().encode(JSON.stringify([root, compilerVersion(), [ENTRY], FLAGS])));
  let binary = await cached(root, cache, key);
  if (binary === null) {
    progress(`compiling the config tools (once; kept in ${path.join(cache, cacheWasm(key))}): loading the AssemblyScript compiler...`);
    const out = await compile(new NodeFiles(root), "tools.wasm", [ENTRY], FLAGS);
    const inputs: Record<string, string> = {};
    for (const [file, bytes] of [...out.inputs].sort(([a], [b]) => a.localeCompare(b))) inputs[file] = await sha256(bytes);
    const record: CacheRecord = { key, inputs, output: await sha256(out.binary) };
    try {
      writeAtomically(path.join(cache, cacheWasm(key)), out.binary);
      writeAtomically(path.join(cache, cacheRecord(key)), JSON.stringify(record, null, 1) + "\n");
    } catch (e) {
      progress(`(the config tools are not kept: ${e instanceof Error ? e.message : String(e)})`);
    }
    binary = out.binary;
  }
  let exports: AsExports | null = null;
  const text = (ptr: number) => (exports && ptr ? exports.__getString(ptr) : "?");
  const env = {
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`config tools aborted: ${text(message)} at ${text(file)}:${line}:${column}`);
    },
  };
  const result = await instantiate<Record<string, unknown>>(binary, { env });
  exports = result.exports as AsExports;
  return new Tools(exports);
}

export interface CheckArgs { config: string; roms: string[]; image: string; anyBinary: boolean }

export function parseCheckArgs(argv: string[], defaultImage: string): CheckArgs {
  const { config, values } = commandArgs(argv,
    { rom: { type: "string", multiple: true }, image: { type: "string" }, "any-binary": { type: "boolean" } },
    "check needs a config file: wasmode check CONFIG [--rom FILE ...] [--any-binary]");
  return { config, roms: values.rom ?? [], image: values.image ?? defaultImage, anyBinary: values["any-binary"] ?? false };
}

/** Binary names a config may start: the boot image's modules (when built) and the --rom files. */
function knownBinaries(args: CheckArgs): string[] {
  const names: string[] = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(args.image, "manifest.json"), "utf8")) as { modules: { name: string }[] };
    for (const m of manifest.modules) names.push(m.name);
  } catch {
    // no image built: only --rom files are known
  }
  for (const rom of args.roms) {
    if (!fs.existsSync(rom)) throw new UsageError(`rom ${rom}: no such file`);
    names.push(path.basename(rom));
  }
  return names;
}

/**
 * Runs `wasmode check`: errors as FILE:LINE: message (exit 1), else a summary of the starts (exit 0);
 * warnings and notes as FILE:LINE: warning|note: message either way, and they change no exit code.
 */
export async function checkCommand(argv: string[], root: string, out: (text: string) => void): Promise<number> {
  const args = parseCheckArgs(argv, path.join(root, "build/image"));
  const text = readUserFile(args.config, "config").toString("utf8");
  const known = args.anyBinary ? null : knownBinaries(args);
  const tools = await loadTools(root, (line) => process.stderr.write(line + "\n"));
  const r = tools.check(text, known);
  const lines = r.output.split("\n");
  const located = (l: string) => r.status !== 0 || /^\d+: (warning|note): /.test(l);
  out(lines.map((l) => (located(l) ? `${args.config}:${l}` : l)).join("\n") + "\n");
  return r.status === 0 ? 0 : 1;
}
