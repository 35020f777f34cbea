// The ROM session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's ROM service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** ROM session opcodes (core's ROM service). */
export const enum RomOp {
  /** Reply payload: size in bytes, version. */
  Info = 1,
  /** Payload: offset, length. Reply payload: the bytes. */
  Read = 2,
  /** Transfers a signal capability submitted when the module changes. */
  Sigh = 3,
}
