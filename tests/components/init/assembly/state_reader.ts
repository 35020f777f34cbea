// Test component: logs its `state` ROM whole, at start and on every change.
import { log } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";

const rom = new RomConnection("state");

class Changed extends SignalHandler {
  handle(count: u32): void { show(); }
}

function show(): void {
  const text = rom.text();
  if (text.length > 0) log(text);
}

const changed = new Changed();
register(changed);
if (rom.ok) {
  rom.sigh(submitCap(changed));
  show();
}
