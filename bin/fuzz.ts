// `npm run fuzz -- [--mode syscalls|modules|floods] --seed N --count N`: runs a fuzzer and prints progress and a one-line verdict.
import { parseArgs } from "node:util";
import { UsageError } from "./args.ts";
import { runFuzz } from "../fuzz/harness.ts";
import { runModuleFuzz } from "../fuzz/module_fuzz.ts";
import { runFlood } from "../fuzz/session_flood.ts";

export const MODES = ["syscalls", "modules", "floods"] as const;
export type FuzzMode = (typeof MODES)[number];

export interface FuzzArgs { mode: FuzzMode; seed: number; count: number; report: number }

const USAGE = "usage: npm run fuzz -- [--mode syscalls|modules|floods] [--seed N] [--count N] [--report N]";

/** What --count counts in each mode, and its default. */
const COUNTS: Record<FuzzMode, [string, number]> = { syscalls: ["syscalls", 1_000_000], modules: ["modules", 1000], floods: ["flood cycles", 50] };

/** A non-negative whole number of an option, or a usage error naming it. */
function whole(name: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UsageError(`--${name} needs a whole number up to 4294967295, not "${value}"`);
  return Number(value);
}

export function parseFuzzArgs(argv: string[]): FuzzArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { mode: { type: "string" }, seed: { type: "string" }, count: { type: "string" }, report: { type: "string" } }, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/, "")}\n${USAGE}`);
  }
  const v = parsed.values;
  const mode = (v.mode ?? "syscalls") as FuzzMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode is one of ${MODES.join(", ")}, not "${v.mode}"\n${USAGE}`);
  const count = whole("count", v.count, COUNTS[mode][1]);
  const report = mode === "syscalls" ? Math.min(10_000, Math.max(1000, Math.floor(count / 20))) : Math.max(1, Math.floor(count / 20));
  return { mode, seed: whole("seed", v.seed, 1), count, report: Math.max(1, whole("report", v.report, report)) };
}

/** Runs the fuzzer of `args.mode`: its failures and the numbers its last line gives. */
async function fuzz(args: FuzzArgs, progress: (line: string) => void): Promise<{ failures: string[]; summary: string }> {
  if (args.mode === "modules") {
    const v = await runModuleFuzz({ ...args, onProgress: progress });
    return { failures: v.failures, summary: `${v.modules} modules (${v.refused} refused at load, ${v.ran} ran, ${v.faulted} faulted), the neighbour ticked ${v.ticks} times` };
  }
  if (args.mode === "floods") {
    const v = await runFlood({ ...args, onProgress: progress });
    return { failures: v.failures, summary: `${v.cycles} flood cycles (${v.opened} sessions opened, ${v.denied} denied), ${v.healthy} healthy clients served` };
  }
  const v = await runFuzz({ ...args, onProgress: progress });
  return { failures: v.failures, summary: `${v.syscalls} syscalls, ${v.checkpoints} checkpoints` };
}

async function main(argv: string[]): Promise<number> {
  const args = parseFuzzArgs(argv);
  const t0 = performance.now();
  const what = args.mode === "syscalls" ? `${args.count} syscalls (and a peer issuing ${Math.floor(args.count / 4)}), invariants every ${args.report}` : `${args.count} ${COUNTS[args.mode][0]}`;
  process.stdout.write(`fuzz: ${args.mode === "syscalls" ? "" : `${args.mode}, `}seed ${args.seed}, ${what}\n`);
  const v = await fuzz(args, (line) => process.stdout.write(`  ${line}\n`));
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (v.failures.length === 0) {
    process.stdout.write(`fuzz: ok: ${v.summary}, every invariant held (seed ${args.seed}, ${seconds} s)\n`);
    return 0;
  }
  for (const f of v.failures.slice(1)) process.stdout.write(`  also: ${f}\n`);
  const mode = args.mode === "syscalls" ? "" : `--mode ${args.mode} `;
  process.stdout.write(`fuzz: FAILED: ${v.failures[0]} (repeat with ${mode}--seed ${args.seed} --count ${args.count}; ${seconds} s)\n`);
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
