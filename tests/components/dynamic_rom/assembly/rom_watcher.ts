// Test component: reads ROM "test" at start and at each change signal, logging its content; exits after five reads.
import { exit } from "../../../../components/lib/component.ts";
import { log } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";

const rom = new RomConnection("test");
let reads = 0;

function show(): void {
  const text = rom.text();
  log("read " + reads.toString() + ": " + (text.length > 0 ? text : "(empty)"));
  if (++reads == 5) exit(0);
}

class Changed extends SignalHandler {
  handle(count: u32): void { show(); }
}

if (!rom.ok) {
  log("no ROM session: " + rom.cap.toString());
  exit(1);
}
const changed = new Changed();
if (register(changed) > 0) rom.sigh(submitCap(changed));
show();
