// The entry points every component exports; the build adds this file to each component.
import { ipcBuffer } from "./message.ts";
import { dispatch } from "./rpc.ts";
import { deliver } from "./signal.ts";
// Installs the heartbeat handler before the component's own code runs, as Genode does.
import "./heartbeat.ts";

export const __ipc_buffer: usize = ipcBuffer;

export function __dispatch(badge: u32, op: i32, len: u32): i32 {
  return dispatch(badge, op, len);
}

export function __signal(badge: u32, count: u32): void {
  deliver(badge, count);
}
