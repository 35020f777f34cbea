// init: starts the children its config names and routes their session requests.
import { LogConnection } from "../lib/log.ts";
import { PdConnection } from "../lib/pd.ts";
import { RomConnection } from "../lib/rom.ts";
import { parseConfig } from "../lib/config/parse.ts";
import { exit } from "../lib/component.ts";
import { Child } from "./child.ts";
import { RomModule } from "../lib/rom_server.ts";

const DEFAULT_CAPS: u32 = 100;

const log = new LogConnection();
const configRom = new RomConnection("config");
const configText = configRom.text();
const parsed = parseConfig(configText);
if (!parsed.ok()) {
  log.write(parsed.describe("config"));
  exit(1);
}
const config = parsed.node!;
const defaults = config.child("default");
const defaultCaps = defaults != null ? <u32>defaults!.attributeU64("caps", DEFAULT_CAPS) : DEFAULT_CAPS;
const pd = new PdConnection();

const starts = config.childrenOf("start");
for (let i = 0; i < starts.length; i++) {
  const s = starts[i];
  const name = s.attributeOr("name", "");
  if (name.length == 0) {
    log.write("config: <start> without a name at line " + s.line.toString());
    continue;
  }
  const binaryNode = s.child("binary");
  const binary = binaryNode != null ? binaryNode.attributeOr("name", name) : name;
  let ram = s.attributeU64("ram", 0);
  const resource = s.child("resource");
  if (ram == 0 && resource != null && resource.attributeOr("name", "") == "RAM") ram = resource.attributeU64("quantum", 0);
  if (ram == 0 && defaults != null) ram = defaults!.attributeU64("ram", 0);
  const caps = <u32>s.attributeU64("caps", defaultCaps);
  const provides = new Array<string>();
  const providesNode = s.child("provides");
  if (providesNode != null) {
    const services = providesNode!.childrenOf("service");
    for (let j = 0; j < services.length; j++) provides.push(services[j].attributeOr("name", ""));
  }
  const child = new Child(name, binary, <u32>ram, caps, provides, log);
  const inline = s.child("config");
  if (inline != null) {
    // The child sees its <config> node as a document: the original bytes for XML, canonical XML for HID.
    const xml = configText.charCodeAt(inline!.start) == 0x3c;
    const module = new RomModule("config");
    module.setText(xml ? configText.substring(inline!.start, inline!.end) : inline!.toXml());
    child.configRom = module;
  }
  child.start(pd);
}
