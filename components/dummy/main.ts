// dummy: the stand-in for Genode's test program of the same name: it carries out the nodes of its config.
import { exit } from "../lib/component.ts";
import { log } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { parseConfig } from "../lib/config/parse.ts";

const rom = new RomConnection("config");
const parsed = parseConfig(rom.text());
if (!parsed.ok()) {
  log("config: " + parsed.describe("config"));
} else {
  const nodes = parsed.node!.children;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type == "log") log(n.attributeOr("string", ""));
    else if (n.type == "exit") exit(0);
  }
}
