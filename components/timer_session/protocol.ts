// The Timer session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by the timer component; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * Timer session opcodes (the timer component: many sessions over core's one Clock alarm). Each
 * session has one timeout, one-shot or periodic, that submits the session's signal.
 */
export const enum TimerOp {
  /** Reply payload: microseconds since boot, as a 64-bit number (two words, low first). */
  Now = 1,
  /** Transfers the signal to submit when the timeout fires (replaces an earlier one). */
  Sigh = 2,
  /** Payload: microseconds from now (u32): one timeout, replacing whatever was set. */
  Once = 3,
  /** Payload: period in microseconds (u32): fires every period from now on, replacing whatever was set. */
  Periodic = 4,
  /** No timeout any more. */
  Cancel = 5,
}

/**
 * What a client donates for one Timer session: the timer's state of it, its endpoint, the
 * capability its client gets and the client's signal it keeps. The timer refuses less with Err.Quota.
 */
export const enum TimerSessionQuota {
  Ram = 4096,
  Caps = 3,
}
