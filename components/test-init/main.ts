// test-init: the driver of Genode's init test (SEMANTICS §15); its config ROM is the scenario, run step by step.
//
// Root attributes of the scenario, none of them Genode's (bin/conformance.ts adds them):
// `sleep_divisor` (sleeps run that many times faster), `expect_timeout_ms` (how long an
// expectation may wait, real time), `only_steps` (`a-b,c`: the steps to run), `echo_log`
// (log every line the LOG service receives).
import { parseConfig } from "../lib/config/parse.ts";
import { RomConnection } from "../lib/rom.ts";
import { ClockReady, openClock } from "./alarm.ts";
import { serveLog } from "./log_server.ts";
import { openState } from "./state_rom.ts";
import { abort, alarm, lines, load, run, stateChanges } from "./steps.ts";

/** The steps need the Timer: they start once its session is there. */
class Start extends ClockReady {
  ready(): void {
    openState(stateChanges);
    load(parsed.node!);
    run();
    // As Genode's driver: the LOG service is announced once the first steps ran.
    serveLog(lines);
  }
}

const config = new RomConnection("config");
const text = config.text();
const parsed = parseConfig(text);
if (!config.ok || config.error < 0) abort("no config ROM (error " + (config.ok ? config.error : config.cap).toString() + ")");
else if (!parsed.ok()) abort(parsed.describe("config"));
else openClock(alarm, new Start());
