// The component's own lifecycle.
import { sys_exit } from "./syscalls.ts";

/** Ends this component with `code`; its parent is signalled. */
export function exit(code: i32): void {
  sys_exit(code);
}

let blocked: bool = false;

/**
 * Genode's sleep_forever from a handler: the component never returns to its signal handling.
 * Wasmode components cannot block, so from now on no signal is handled (heartbeats included:
 * the parent sees the component unresponsive). Calls it serves are still answered.
 */
export function sleepForever(): void {
  blocked = true;
}

/** True once sleepForever() was called. */
export function sleepingForever(): bool {
  return blocked;
}
