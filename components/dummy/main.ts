// dummy: the stand-in for Genode's test program of the same name: it carries out the nodes of its config.
//
// On start and whenever its config ROM changes it reads the config; a change that keeps the root's
// `version` is ignored. Otherwise it counts the config, logs `config N: VERSION` when there is a
// version, and carries out every node in order.
import { exit } from "../lib/component.ts";
import { log } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { parseConfig } from "../lib/config/parse.ts";

const rom = new RomConnection("config");
let configs: i32 = 0;
let lastVersion: string = "";

function applyConfig(): void {
  const parsed = parseConfig(rom.text());
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
  const nodes = root.children;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type == "log") log(n.attributeOr("string", ""));
    else if (n.type == "exit") exit(0);
  }
}

class ConfigChanged extends SignalHandler {
  handle(count: u32): void { applyConfig(); }
}

const changed = new ConfigChanged();
register(changed);
rom.sigh(submitCap(changed));
applyConfig();
