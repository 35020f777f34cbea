// The LOG session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's LOG service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** LOG session opcodes (core's LOG service). */
export const enum LogOp {
  /** Payload: one string; written as one line with the session's label. */
  Write = 1,
}
