// The Hello session interface: its name and opcodes, shared by server and client.

export const SERVICE = "Hello";

export const enum HelloOp {
  /** The server logs a greeting. */
  SayHello = 1,
  /** Payload: a, b. Result: a + b. */
  Add = 2,
}
