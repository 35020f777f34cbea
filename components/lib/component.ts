// The component's own lifecycle.
import { sys_exit } from "./syscalls.ts";

/** Ends this component with `code`; its parent is signalled. */
export function exit(code: i32): void {
  sys_exit(code);
}
