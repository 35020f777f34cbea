// The PD session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's PD service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** PD session opcodes (core's PD service: create children). */
export const enum PdSessionOp {
  /**
   * Payload: name, ram bytes, caps, fuel per activation, stack its recursion may take in bytes (each 0: the default). Transfers the ROM session capability of the
   * binary, the child's parent endpoint and a signal for its exit. Reply: a PD capability.
   */
  Create = 1,
  /** Reply payload: the caller's own RAM quota and use (each two words, low first), cap quota, caps used. */
  Quota = 2,
  /**
   * Payload: bytes. Charges the caller's RAM quota with RAM held outside its memory (Genode's RAM
   * dataspace: a Wasm memory never shrinks, so RAM a component must be able to give back cannot
   * be memory). Reply payload: a handle. Err.Quota when the quota does not cover it.
   */
  AllocRam = 3,
  /** Payload: a handle of AllocRam: the RAM goes back to the caller's free quota. */
  FreeRam = 4,
}

/**
 * What a client donates for one PD session: core's state of it and its endpoint. Less is refused
 * with Err.Quota. Children and RAM the session creates are paid from the caller's own quota.
 */
export const enum PdSessionQuota {
  Ram = 4096,
  Caps = 1,
}
