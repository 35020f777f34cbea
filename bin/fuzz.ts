// `npm run fuzz -- --seed N --count N`: runs the syscall fuzzer and prints progress and a one-line verdict.
import { parseArgs } from "node:util";
import { UsageError } from "./args.ts";
import { runFuzz } from "../fuzz/harness.ts";

export interface FuzzArgs { seed: number; count: number; report: number }

const USAGE = "usage: npm run fuzz -- [--seed N] [--count N] [--report N]";

/** A non-negative whole number of an option, or a usage error naming it. */
function whole(name: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UsageError(`--${name} needs a whole number up to 4294967295, not "${value}"`);
  return Number(value);
}

export function parseFuzzArgs(argv: string[]): FuzzArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { seed: { type: "string" }, count: { type: "string" }, report: { type: "string" } }, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/, "")}\n${USAGE}`);
  }
  const v = parsed.values;
  const count = whole("count", v.count, 1_000_000);
  return { seed: whole("seed", v.seed, 1), count, report: Math.max(1, whole("report", v.report, Math.min(10_000, Math.max(1000, Math.floor(count / 20))))) };
}

async function main(argv: string[]): Promise<number> {
  const args = parseFuzzArgs(argv);
  const t0 = performance.now();
  process.stdout.write(`fuzz: seed ${args.seed}, ${args.count} syscalls (and a peer issuing ${Math.floor(args.count / 4)}), invariants every ${args.report}\n`);
  const v = await runFuzz({ ...args, onProgress: (line) => process.stdout.write(`  ${line}\n`) });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (v.failures.length === 0) {
    process.stdout.write(`fuzz: ok: ${v.syscalls} syscalls, ${v.checkpoints} checkpoints, every invariant held (seed ${args.seed}, ${seconds} s)\n`);
    return 0;
  }
  for (const f of v.failures.slice(1)) process.stdout.write(`  also: ${f}\n`);
  process.stdout.write(`fuzz: FAILED: ${v.failures[0]} (repeat with --seed ${args.seed} --count ${args.count}; ${seconds} s)\n`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 1;
    },
  );
}
