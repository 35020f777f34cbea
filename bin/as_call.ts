// Calling an AssemblyScript module's exports (through @assemblyscript/loader) with JavaScript strings.
import type { ASUtil } from "@assemblyscript/loader";

/** A module with the loader's runtime helpers (it was compiled with --exportRuntime) and its own exports. */
export type AsExports = ASUtil & Record<string, any>;

export type AsArg = string | number | bigint;

/**
 * Calls export `fn`; each string argument is copied into the module and pinned for the call, since
 * an allocation the call makes may otherwise collect it. Numbers pass as they are.
 */
export function callPinned(m: AsExports, fn: string, ...args: AsArg[]): any {
  const pinned: number[] = [];
  const raw = args.map((a) => {
    if (typeof a !== "string") return a;
    const ptr = m.__pin(m.__newString(a)) as number;
    pinned.push(ptr);
    return ptr;
  });
  try {
    return m[fn](...raw);
  } finally {
    for (const ptr of pinned) m.__unpin(ptr);
  }
}

/** Calls export `fn` like callPinned and reads the string it returns. */
export function callForString(m: AsExports, fn: string, ...args: AsArg[]): string {
  return m.__getString(callPinned(m, fn, ...args) as number);
}
