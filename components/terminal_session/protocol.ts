// The Terminal session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's terminal device and the terminal component; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * Terminal session opcodes: core's Terminal (the terminal device, one client) and the terminal
 * component's (many sessions over core's one) speak the same protocol, as Genode's Terminal session.
 */
export const enum TerminalOp {
  /** Payload: bytes (a block). Reply: the number of bytes written. */
  Write = 1,
  /**
   * Payload: most bytes wanted (u32, at most Msg.MaxPayload - 4; more is Err.Invalid). Reply: the
   * number of bytes; payload: the input bytes available, up to that many, as a block (none: empty).
   */
  Read = 2,
  /** Reply: the number of input bytes available to read. */
  Avail = 3,
  /** Reply payload: columns, rows. */
  Size = 4,
  /** Transfers the signal submitted whenever input becomes available; replaces an earlier one. */
  ReadAvailSigh = 5,
  /** Transfers the signal submitted whenever the size changes; replaces an earlier one. */
  SizeChangedSigh = 6,
}

/**
 * What a client donates for one Terminal session, enough for every Terminal server: its state, its
 * endpoint and the capability its client gets, and the two signals it keeps (read-available and
 * size-changed). A server refuses a session, or a signal, the donation does not cover with Err.Quota.
 */
export const enum TerminalSessionQuota {
  Ram = 4096,
  Caps = 4,
}
