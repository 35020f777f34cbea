// The stack of the call chain: a call enters its server only when every server's stack bound on the chain fits in the host's budget.
//
// The engine has one stack for the whole chain (V8: about 984 KB on a main thread), and a server
// that runs out of it halfway is torn (unwound.ts). So each component's code has a bound on the
// stack it may take (fuel/stack_bound.ts: its deepest non-recursive calls, and a recursion limit
// its guards enforce), and the host keeps the sum of the bounds of the chain's components plus the
// host's own frames per hop. A call whose server's bound would not fit under STACK_BUDGET is
// refused with Err.Depth before the server is entered: the client, which may have used up its own
// share, gets an error, and the server goes on serving others.
import type { Server } from "./server.ts";

/** What the chain may take, in bytes of the model of stack_bound.ts: well below the engine's limit, for the host's frames below the activation and the model's error. */
export const STACK_BUDGET = 640 << 10;
/** The host's frames between a client and its server (call gate, kernel, IPC path, serve gate), with a margin. */
export const HOP_STACK = 8 << 10;

/** What the chain takes with `server` entered on top of `used`: over STACK_BUDGET means refused. */
export function stackWith(used: number, server: Server): number {
  return used + server.stackBound + HOP_STACK;
}
