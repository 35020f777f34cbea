// Servers an exception unwound in the middle of a call: marked where the unwinding passes, faulted as soon as the host has the stack for it.
//
// A server unwound halfway through a call by something that is not its own trap (its caller left
// it no stack, so the engine's RangeError cut it short; host code failed under it) may have left
// its heap half updated: it is torn, and must never serve another call. Where the unwinding passes
// (the catch around a server's dispatch, ipc.ts) the stack may be too short even to call a function,
// so the mark is two stores into arrays made beforehand; faulting the server waits for a frame with
// stack to spare: the same catch when it has it, else the next one out, at the latest the activation.
import { FaultKind, Limit } from "../abi.ts";
import { ComponentAbort, FuelExhausted, PdUnwind } from "./errors.ts";
import { NativeServer, type Server } from "./server.ts";

export class Unwound {
  /** The servers marked, and the exception that unwound each; `count` of them are live. */
  readonly servers: (Server | null)[] = new Array<Server | null>(Limit.CallDepth + 2).fill(null);
  readonly errors: unknown[] = new Array<unknown>(Limit.CallDepth + 2).fill(null);
  count = 0;
}

/**
 * How exception `e`, unwinding `server`'s frames in the middle of a call, ends it: null when it
 * does not fault it (core, the host's own server, is never faulted; a PD unwinding because it died
 * is dead already), FaultKind.Trap for its own trap, abort or spent budget, FaultKind.Torn for anything else.
 */
export function unwindingFault(server: Server, e: unknown): FaultKind | null {
  if (server instanceof NativeServer || (e instanceof PdUnwind && e.pd === server.pd)) return null;
  return e instanceof WebAssembly.RuntimeError || e instanceof ComponentAbort || e instanceof FuelExhausted ? FaultKind.Trap : FaultKind.Torn;
}
