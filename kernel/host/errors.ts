// Errors the host raises: refused modules, component aborts, and the unwinding of a dead PD's frames.

/** A module refused before instantiation: names the module and what is wrong. */
export class LoadError extends Error {
  constructor(readonly module: string, reason: string) {
    super(`${module}: ${reason}`);
  }
}

/** A component called `abort` (an AssemblyScript assertion, an out-of-memory). */
export class ComponentAbort extends Error {}

/**
 * A component's budget ran out while a server worked for its call (CPU time follows the call: see
 * ipc.ts charge): thrown into its activation as its fault.
 */
export class FuelExhausted extends Error {
  constructor(readonly budget: number, readonly server: string) {
    super(`out of fuel: its budget of ${budget} units per activation ran out with the work ${server} did for its call`);
  }
}

/**
 * Thrown through the Wasm frames of a PD that died while they were on the stack (it exited,
 * or was killed by its parent during a call it made): its activation boundary catches it.
 */
export class PdUnwind extends Error {
  constructor(readonly pd: number) {
    super(`PD ${pd} unwinds`);
  }
}

/**
 * True for the engine's stack overflow: thrown in host code serving a component, it is that
 * component's fault (it recursed to the limit), never a refusal the component may go on after.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes("call stack");
}

/** A one-line description of what a component's fault was. */
export function describeFault(e: unknown): string {
  if (e instanceof ComponentAbort || e instanceof FuelExhausted) return e.message;
  if (e instanceof RangeError) return `stack overflow (${e.message})`;
  if (e instanceof WebAssembly.RuntimeError) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
