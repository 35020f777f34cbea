// Test server for live swaps: a Hello service whose restore never ends (a flawed new version): its budget stops it.
import { liveState, StateReader, StateWriter } from "../../../../components/lib/live_state.ts";
import { log } from "../../../../components/lib/log.ts";

let spins: u32 = 0;
function save(w: StateWriter): void {}
function load(r: StateReader, version: u32): bool {
  while (version != 0xffffffff) spins++;
  return true;
}

if (!liveState(1, save, load)) log("ready");
