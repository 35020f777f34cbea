// `wasmode route CONFIG --from START --service SVC [--label L] [--config N]`: where init sends that session request, and why.
import { UsageError } from "./run.ts";
import { loadTools, readUserFile } from "./check.ts";

export interface RouteArgs { config: string; from: string; service: string; label: string; index: number }

export function parseRouteArgs(argv: string[]): RouteArgs {
  const args: RouteArgs = { config: "", from: "", service: "", label: "", index: 0 };
  let from: string | null = null, service: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--from" || a === "--service" || a === "--label" || a === "--config") {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === "--from") from = v;
      else if (a === "--service") service = v;
      else if (a === "--label") args.label = v;
      else {
        if (!/^[1-9][0-9]{0,5}$/.test(v)) throw new UsageError(`--config needs a number from 1 (got "${v}")`);
        args.index = Number(v);
      }
    } else if (a.startsWith("-")) {
      throw new UsageError(`unknown option ${a}`);
    } else if (args.config === "") {
      args.config = a;
    } else {
      throw new UsageError(`one config only (got ${args.config} and ${a})`);
    }
  }
  if (args.config === "" || from === null || service === null) {
    throw new UsageError("route needs a config, --from and --service: wasmode route CONFIG --from START --service SVC [--label L]");
  }
  args.from = from;
  args.service = service;
  return args;
}

/**
 * Runs `wasmode route`: prints the rules looked at and the outcome. Exit 0 when the request is
 * routed, 1 when it is denied (or the config does not parse), 2 for a question the config cannot
 * answer (no such start, a test-init script without --config).
 */
export async function routeCommand(argv: string[], root: string, out: (text: string) => void): Promise<number> {
  const args = parseRouteArgs(argv);
  const text = readUserFile(args.config, "config");
  const tools = await loadTools(root, (line) => process.stderr.write(line + "\n"));
  const r = tools.route(text, args.from, args.service, args.label, args.index);
  if (r.status === 2) throw new UsageError(`${args.config}: ${r.output}`);
  if (r.status === 1 && /^\d+:\d+: /.test(r.output)) throw new Error(`${args.config}:${r.output}`);
  out(r.output + "\n");
  return r.status;
}
