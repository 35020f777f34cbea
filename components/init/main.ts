// init: applies its config, and every new version of it, to its children.
import { LogConnection } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { Sandbox } from "./sandbox.ts";

const log = new LogConnection();
const configRom = new RomConnection("config");
const sandbox = new Sandbox(log, configRom);

/** The config ROM changed: apply the new config. */
class ConfigChanged extends SignalHandler {
  handle(count: u32): void { sandbox.applyConfig(); }
}

const changed = new ConfigChanged();
register(changed);
configRom.sigh(submitCap(changed));
sandbox.applyConfig();
