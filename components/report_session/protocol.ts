// The Report session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by report_rom and core's Report service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * Report session opcodes (report_rom's Report service). A session owns a buffer of the size its
 * args asked for (Genode's report dataspace): the client fills it with Write calls, a chunk per
 * message, then Submit publishes a prefix of it as the module's new content.
 */
export const enum ReportOp {
  /** Payload: offset, bytes. Copies the bytes into the buffer at offset; Err.Invalid past its end. */
  Write = 1,
  /** Payload: length. The buffer's first `length` bytes become the content; Err.Invalid past its end. */
  Submit = 2,
}

/**
 * What a client donates for one Report session besides its buffer (the buffer's bytes come on top
 * of Ram), enough for every Report server: its bookkeeping, its endpoint and the capability its
 * client gets. A server refuses less with Err.Quota.
 */
export const enum ReportSessionQuota {
  Ram = 4096,
  Caps = 2,
}
