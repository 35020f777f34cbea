// The Hello session interface: its name, opcodes and quota, shared by server and client.

export const SERVICE = "Hello";

/**
 * What a client donates for one Hello session: the server's state of it, its endpoint and the
 * capability its client gets. hello_server refuses less with Err.Quota.
 */
export const enum HelloSessionQuota {
  Ram = 4096,
  Caps = 2,
}

export const enum HelloOp {
  /** The server logs a greeting. */
  SayHello = 1,
  /** Payload: a, b. Result: a + b. */
  Add = 2,
  /** Result: how many calls the server answered (all sessions', this one included); it keeps counting across a live swap. */
  Count = 3,
}
