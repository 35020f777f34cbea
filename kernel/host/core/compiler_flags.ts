// What a Compiler session may ask of asc: an allow-list of options, none that names, reads or writes a file on the host.
//
// asc has options that load code (--transform), read files (--config, --lib, --path) or write
// them (--outFile, --textFile, --bindings, --sourceMap, ...). The device reads and writes only in
// memory, but a flag outside this list is refused all the same: what it would mean is not checked.

/** Options without a value. */
const SWITCHES = new Set([
  "-O0", "-O1", "-O2", "-O3", "-Os", "-Oz", "-O",
  "--importMemory", "--noExportMemory", "--noAssert", "--debug", "--exportRuntime", "--exportTable",
  "--importTable", "--sharedMemory", "--converge", "--noUnsafe", "--pedantic",
]);

/** Options with a value, and what the value must look like. */
const VALUED: Record<string, RegExp> = {
  "--runtime": /^(stub|minimal|incremental)$/,
  "--exportStart": /^[A-Za-z_$][A-Za-z0-9_$]*$/,
  "--optimizeLevel": /^[0-3]$/,
  "--shrinkLevel": /^[0-2]$/,
  "--initialMemory": /^[0-9]{1,6}$/,
  "--maximumMemory": /^[0-9]{1,6}$/,
  "--stackSize": /^[0-9]{1,10}$/,
  "--enable": /^[a-z0-9-]+(,[a-z0-9-]+)*$/,
  "--disable": /^[a-z0-9-]+(,[a-z0-9-]+)*$/,
};

/**
 * The flags as asc takes them (`--runtime=stub` made two), or why not: the first flag that is
 * unknown, touches the host's files, or has a value not allowed.
 */
export function checkFlags(flags: string[]): string[] | string {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (SWITCHES.has(flag)) {
      out.push(flag);
      continue;
    }
    const eq = flag.indexOf("=");
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    const pattern = Object.hasOwn(VALUED, name) ? VALUED[name]! : null;
    if (pattern === null) return `flag "${flag}" is not one the compiler device allows`;
    const value = eq > 0 ? flag.slice(eq + 1) : flags[++i];
    if (value === undefined) return `flag "${name}" needs a value`;
    if (!pattern.test(value)) return `flag "${name}" does not take the value "${value}"`;
    out.push(name, value);
  }
  return out;
}

/** Whether `path` names a staged file: relative, `/`-separated, no `.`, `..` or empty element, at most `max` bytes. */
export function validSourcePath(path: string, max: number): boolean {
  if (path.length === 0 || new TextEncoder().encode(path).length > max) return false;
  if (path.includes("\\") || path.includes("\0")) return false;
  return path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}
