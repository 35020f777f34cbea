// init: applies its config, and every new version of it, to its children.
import { LogConnection } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { onRestartDue } from "./heartbeat.ts";
import { Reconfigurer } from "./reconfig.ts";

const log = new LogConnection();
const configRom = new RomConnection("config");
const reconfigurer = new Reconfigurer(log);

/** The config ROM changed: apply the new config. */
class ConfigChanged extends SignalHandler {
  handle(count: u32): void { reconfigurer.apply(configRom.text()); }
}

// A child that skipped too many heartbeats restarts: the config is applied again.
onRestartDue((): void => { reconfigurer.apply(configRom.text()); });

const changed = new ConfigChanged();
register(changed);
configRom.sigh(submitCap(changed));
reconfigurer.apply(configRom.text());
