// The entry points every component exports; the build adds this file to each component.
import { ipcBuffer } from "./message.ts";
import { dispatch } from "./rpc.ts";
import { deliver } from "./signal.ts";
import { restoreResult, snapshot, snapshotData } from "./live_state.ts";
import { reserveSnapshot } from "./takeover.ts";
// Installs the heartbeat handler before the component's own code runs, as Genode does.
import "./heartbeat.ts";

export const __ipc_buffer: usize = ipcBuffer;

export function __dispatch(badge: u32, op: i32, len: u32): i32 {
  return dispatch(badge, op, len);
}

export function __signal(badge: u32, count: u32): void {
  deliver(badge, count);
}

// Live swap (live_state.ts): the old instance's snapshot, the new one's reserve before _start and its result after.
export function __snapshot(): i32 { return snapshot(); }
export function __state_data(): usize { return snapshotData(); }
export function __state_reserve(len: u32): usize { return reserveSnapshot(len); }
export function __restore_result(): i32 { return restoreResult(); }
