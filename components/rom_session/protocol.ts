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
  /**
   * Reply: transfers a ROM dataspace capability, a core-held read-only copy of the module
   * (pd_session/protocol.ts RomDataspaceOp): what a parent hands to PdSessionOp.Create to start
   * a child from it. Core's ROM sessions answer it for their boot modules; another ROM server
   * makes one through its own PD session (PdSessionOp.AllocRom). Err.BadOpcode from a server
   * that serves no binaries.
   */
  Dataspace = 4,
}

/**
 * What a client donates for one ROM session, enough for every ROM server. Core takes one capability
 * (the session's endpoint) and one more for a change signal (RomOp.Sigh, refused with Err.Quota
 * when the donation does not cover it); report_rom and dynamic_rom three (their endpoint, the
 * client's capability to it, the change signal); fs_rom five (besides, its own signal for the
 * file's changes and what it donates for that watch). Less than a server needs is refused with Err.Quota.
 */
export const enum RomSessionQuota {
  Ram = 4096,
  Caps = 5,
}
