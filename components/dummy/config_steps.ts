// Dummy's config: read on start and on every change, its nodes carried out in order (SEMANTICS.md §13 D1).
//
// A change that keeps the root's `version` is ignored. Otherwise the config is counted, logged as
// `config N: VERSION` when it has a version, and its nodes run one after the other. A node that
// has to wait (a pending session, a sleep) returns Step.Wait and the rest follow when the wait
// ends; a config change meanwhile is taken up after the last node, as Genode's dummy handles it
// only when its entrypoint is free again. After <exit/> or <sleep_forever/> nothing runs.
import { exit, sleepForever } from "../lib/component.ts";
import { Node } from "../lib/config/node.ts";
import { parseConfig } from "../lib/config/parse.ts";
import { log } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { Step, setResume } from "./flow.ts";
import { createLogConnections, destroyLogConnections } from "./log_connections.ts";
import { startLogService } from "./log_service.ts";
import { consumeCaps, consumeRam, handleYieldRequests } from "./resources.ts";
import { Timeout, after } from "./timeouts.ts";

let rom: RomConnection | null = null;
let configs: i32 = 0;
let lastVersion: string = "";

let nodes: Array<Node> = new Array<Node>();
let next: i32 = 0;
let waiting: bool = false;
/** Set by <exit/>, <sleep_forever/> or a node that can never finish: nothing runs any more. */
let stopped: bool = false;
/** A config change came while nodes were still waiting. */
let changed: bool = false;

class Wakeup extends Timeout {
  fire(): void { resume(); }
}

/** One node; Step.Wait when it finishes later (it calls resumeSteps()). */
function execute(n: Node): Step {
  const t = n.type;
  if (t == "log") { log(n.attributeOr("string", "")); return Step.Done; }
  if (t == "log_service") {
    startLogService(n.attributeBool("verbose", false), <u32>n.attributeU64("delay_close_ms", 0));
    return Step.Done;
  }
  if (t == "create_log_connections") return createLogConnections(<u32>n.attributeU64("count", 0), n.attributeU64("ram_upgrade", 0));
  if (t == "destroy_log_connections") { destroyLogConnections(); return Step.Done; }
  if (t == "consume_ram") return consumeRam(n.attributeU64("amount", 0));
  if (t == "consume_caps") return consumeCaps(<u32>n.attributeU64("amount", 0));
  if (t == "handle_yield_requests") { handleYieldRequests(); return Step.Done; }
  if (t == "sleep") {
    if (after(<u32>n.attributeU64("ms", 100), new Wakeup())) return Step.Wait;
    log("Warning: sleep: no Timer session");
    return Step.Done;
  }
  if (t == "sleep_forever") {
    sleepForever();
    return Step.Stop;
  }
  if (t == "exit") {
    exit(0);
    return Step.Stop;
  }
  return Step.Done;
}

function run(): void {
  while (!waiting && !stopped && next < nodes.length) {
    const r = execute(nodes[next++]);
    if (r == Step.Wait) waiting = true;
    else if (r == Step.Stop) stopped = true;
  }
  if (!waiting && !stopped && changed) {
    changed = false;
    apply();
  }
}

function resume(): void {
  if (!waiting) return;
  waiting = false;
  run();
}

/** Reads the config and, if its version tells so, runs its nodes. */
function apply(): void {
  const parsed = parseConfig(rom!.text());
  if (!parsed.ok()) {
    log("config: " + parsed.describe("config"));
    return;
  }
  const root = parsed.node!;
  const version = root.attributeOr("version", "");
  if (configs > 0 && version == lastVersion) return;
  configs++;
  lastVersion = version;
  if (version.length > 0) log("config " + configs.toString() + ": " + version);
  nodes = root.children;
  next = 0;
  run();
}

class ConfigChanged extends SignalHandler {
  handle(count: u32): void {
    if (stopped) return;
    if (waiting) { changed = true; return; }
    apply();
  }
}

/** Opens the config ROM, asks to hear of changes and runs the first config. */
export function startConfigSteps(): void {
  setResume(resume);
  rom = new RomConnection("config");
  const h = new ConfigChanged();
  register(h);
  rom!.sigh(submitCap(h));
  apply();
}
