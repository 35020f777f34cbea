// The LOG session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's LOG service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** LOG session opcodes (core's LOG service). */
export const enum LogOp {
  /** Payload: one string; written as one line with the session's label. */
  Write = 1,
}

/**
 * What a client donates for one LOG session (Genode's ram_quota and cap_quota), enough for every
 * LOG server: core takes one capability of it (the session's endpoint), a component's server two
 * (its endpoint and the capability its client gets). A server refuses less than it needs with Err.Quota.
 */
export const enum LogSessionQuota {
  Ram = 4096,
  Caps = 2,
}
