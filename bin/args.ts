// Command-line arguments of the wasmode commands, through Node's own parser; mistakes become usage errors.
import * as fs from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how the command was called: exit code 2 and one line saying what. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `argv` with `options` and exactly one positional CONFIG argument. */
export function commandArgs<O extends Options>(argv: string[], options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages name the option: "Unknown option '--x'", "Option '--rom <value>' argument missing".
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, ""));
  }
  const [config, ...extra] = parsed.positionals;
  if (config === undefined) throw new UsageError(usage);
  if (extra.length) throw new UsageError(`one config only (got ${config} and ${extra[0]})`);
  return { config, values: parsed.values };
}

/** Reads a file the user named; a missing one is a usage error naming it. */
export function readUserFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}`);
  }
}
