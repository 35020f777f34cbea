// Test helper: compiles AssemblyScript entry files with the project's compiler and loads them through @assemblyscript/loader.
import { instantiate, type ASUtil } from "@assemblyscript/loader";
import { compile } from "../../kernel/host/builder/compile.ts";
import { NodeFiles } from "../../kernel/host/devices/node_files.ts";
import { repoRoot } from "./paths.ts";

export { callForString, callPinned } from "../../bin/as_call.ts";


/** The loader's runtime helpers plus the module's own exports (typed loosely: tests know what they call). */
export type AsModule = ASUtil & Record<string, any>;

const modules = new Map<string, Promise<AsModule>>();

/**
 * Compiles `entries` (paths relative to the repository root) with the incremental runtime exported
 * (and -O2 unless `flags` choose an optimization level or --debug), instantiates the module, and
 * returns its exports. A module aborting (assert, bounds check, throw) throws a JS Error naming the
 * message and source position. Cached per entry list and flags within the process.
 */
export function loadAsModule(entries: string[], flags: string[] = []): Promise<AsModule> {
  const key = JSON.stringify([entries, flags]);
  let module = modules.get(key);
  if (!module) {
    module = build(entries, flags);
    modules.set(key, module);
  }
  return module;
}

async function build(entries: string[], flags: string[]): Promise<AsModule> {
  const name = entries.join("+");
  const optimize = flags.some((f) => f.startsWith("-O") || f.startsWith("--optimize") || f === "--debug") ? [] : ["-O2"];
  const { binary } = await compile(new NodeFiles(repoRoot), name, entries, ["--runtime", "incremental", "--exportRuntime", ...optimize, ...flags]);
  let exports: AsModule | null = null;
  const text = (ptr: number) => (exports && ptr ? exports.__getString(ptr) : "?");
  const env = {
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`${name} aborted: ${text(message)} at ${text(file)}:${line}:${column}`);
    },
  };
  const result = await instantiate<Record<string, unknown>>(binary, { env });
  exports = result.exports as AsModule;
  return exports;
}
