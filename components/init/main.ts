// init: starts the children its config names and routes their session requests by the config's rules.
import { LogConnection } from "../lib/log.ts";
import { PdConnection } from "../lib/pd.ts";
import { RomConnection } from "../lib/rom.ts";
import { RomModule } from "../lib/rom_server.ts";
import { parseConfig } from "../lib/config/parse.ts";
import { exit } from "../lib/component.ts";
import { Child } from "./child.ts";
import { readInitConfig } from "./config_model.ts";

const log = new LogConnection();
const configRom = new RomConnection("config");
const configText = configRom.text();
const parsed = parseConfig(configText);
if (!parsed.ok()) {
  log.write(parsed.describe("config"));
  exit(1);
}
const model = readInitConfig(parsed.node!);
const pd = new PdConnection();

for (let i = 0; i < model.starts.length; i++) {
  const start = model.starts[i];
  if (start.name.length == 0) {
    log.write("missing 'name' attribute in '<start>' entry (line " + start.node.line.toString() + ")");
    continue;
  }
  const child = new Child(start, model, log);
  const inline = start.config;
  if (inline != null) {
    // The child sees its <config> node as a document: the original bytes for XML, canonical XML for HID.
    const xml = configText.charCodeAt(inline.start) == 0x3c;
    const module = new RomModule("config");
    module.setText(xml ? configText.substring(inline.start, inline.end) : inline.toXml());
    child.configRom = module;
  }
  child.launch(pd);
}
