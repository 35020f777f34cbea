// Entry points of `wasmode check` and `wasmode route` for the host (through @assemblyscript/loader): text in, text out, status after.
import { parseConfig } from "../../lib/config/parse.ts";
import { ToolAnswer } from "./answer.ts";
import { checkConfig } from "./check_tool.ts";
import { readInitConfig } from "./config_model.ts";
import { RouteKind, routeRequest } from "./route_model.ts";
import { explainRoute } from "./route_tool.ts";

// The loader's calls return one value: the status of the last answer waits here for status().
let lastStatus: i32 = 0;

function answered(a: ToolAnswer): string {
  lastStatus = a.status;
  return a.text;
}

/** Outcome of the last call: 0 fine, 1 errors found or request denied, 2 a bad question (no such start or config). */
export function status(): i32 {
  return lastStatus;
}

function splitNames(csv: string): Array<string> {
  const out = new Array<string>();
  const parts = csv.replaceAll("\n", ",").split(",");
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

/**
 * Checks a config (XML or HID). `binaries`: known binary names, comma-separated; "*" accepts any.
 * Returns one "LINE: message" per problem (status 1), or a summary of the starts (status 0).
 */
export function check(text: string, binaries: string): string {
  return answered(checkConfig(text, binaries == "*" ? null : splitNames(binaries)));
}

/**
 * Explains where a session request goes (route_tool.ts); status 1 when denied, 2 for no such start
 * or config. `environment` non-zero: one of the child's environment sessions (label ignored).
 */
export function route(text: string, from: string, service: string, label: string, configIndex: i32, environment: i32): string {
  return answered(explainRoute(text, from, service, label, configIndex, environment != 0));
}

/**
 * The bench's measure of one routing decision: parses `text` once, then routes the request `n`
 * times as init would. Returns how many were routed (not denied).
 */
export function routeRepeatedly(text: string, from: string, service: string, label: string, n: i32): i32 {
  const parsed = parseConfig(text);
  if (!parsed.ok()) return -1;
  const config = readInitConfig(parsed.node!);
  let routed = 0;
  for (let i = 0; i < n; i++) if (routeRequest(config, from, service, label, false).kind != RouteKind.Denied) routed++;
  return routed;
}
