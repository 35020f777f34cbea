// Test server for live swaps: a new version that knows only snapshots of its own version 2, not the running version 1's.
import { liveState, StateReader, StateWriter } from "../../../../components/lib/live_state.ts";
import { log } from "../../../../components/lib/log.ts";

function save(w: StateWriter): void {}
function load(r: StateReader, version: u32): bool { return version == 2; }

if (!liveState(2, save, load)) log("ready");
