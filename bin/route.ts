// `wasmode route CONFIG --from START --service SVC [--label L | --environment] [--config N]`: where init sends that session request, and why.
import { UsageError, commandArgs, readUserFile } from "./args.ts";
import { loadTools } from "./check.ts";

/** `label`: what the child asks with ("" the empty label, also without --label); `environment`: an environment session instead. */
export interface RouteArgs { config: string; from: string; service: string; label: string; environment: boolean; index: number }

const ROUTE_USAGE = "route needs a config, --from and --service: wasmode route CONFIG --from START --service SVC [--label L | --environment]";

export function parseRouteArgs(argv: string[]): RouteArgs {
  const { config, values } = commandArgs(argv,
    { from: { type: "string" }, service: { type: "string" }, label: { type: "string" }, environment: { type: "boolean" }, config: { type: "string" } }, ROUTE_USAGE);
  if (values.from === undefined || values.service === undefined) throw new UsageError(ROUTE_USAGE);
  if (values.environment && values.label !== undefined) {
    throw new UsageError("--environment and --label exclude each other: an environment session is labelled with the child's name alone");
  }
  const index = values.config ?? "0";
  if (values.config !== undefined && !/^[1-9][0-9]{0,5}$/.test(index)) throw new UsageError(`--config needs a number from 1 (got "${index}")`);
  return { config, from: values.from, service: values.service, label: values.label ?? "", environment: values.environment ?? false, index: Number(index) };
}

/**
 * Runs `wasmode route`: prints the rules looked at and the outcome. Exit 0 when the request is
 * routed, 1 when it is denied (or the config does not parse), 2 for a question the config cannot
 * answer (no such start, a test-init script without --config).
 */
export async function routeCommand(argv: string[], root: string, out: (text: string) => void): Promise<number> {
  const args = parseRouteArgs(argv);
  const text = readUserFile(args.config, "config").toString("utf8");
  const tools = await loadTools(root, (line) => process.stderr.write(line + "\n"));
  const r = tools.route(text, args.from, args.service, args.label, args.index, args.environment);
  if (r.status === 2) throw new UsageError(`${args.config}: ${r.output}`);
  if (r.status === 1 && /^\d+:\d+: /.test(r.output)) throw new Error(`${args.config}:${r.output}`);
  out(r.output + "\n");
  return r.status;
}
