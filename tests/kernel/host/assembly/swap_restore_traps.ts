// Test server for live swaps: a Hello service whose restore traps (a flawed new version).
import { liveState, StateReader, StateWriter } from "../../../../components/lib/live_state.ts";
import { log } from "../../../../components/lib/log.ts";

function save(w: StateWriter): void {}
function load(r: StateReader, version: u32): bool {
  unreachable();
  return true;
}

if (!liveState(1, save, load)) log("ready");
