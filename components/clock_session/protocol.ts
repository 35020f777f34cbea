// The Clock session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's clock device; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** Clock session opcodes (core's clock device: one client, one alarm; the timer component multiplexes it). */
export const enum ClockOp {
  /** Reply payload: microseconds since boot, as a 64-bit number (two words, low first). */
  Now = 1,
  /** Payload: microseconds from now (u32). Transfers the signal to submit when it fires; re-arming replaces. */
  Alarm = 2,
  /** Disarms the alarm. */
  Cancel = 3,
}

/**
 * What a client donates for one Clock session: core's state, the session's endpoint and the alarm's
 * signal core keeps (ClockOp.Alarm is refused with Err.Quota when the donation does not cover it).
 */
export const enum ClockSessionQuota {
  Ram = 4096,
  Caps = 2,
}
