// The Builder session's protocol: read by both compilers (the builder, the shell, the host's tests), so keep it portable, const enums of integers only.
//
// Served by the builder component, which compiles modules of /src through core's Compiler device
// and writes binaries and build records under /build. A build runs in the background; the client
// hears of each progress line and of the end by the signal it gave with Build.

export const enum BuilderOp {
  /**
   * Starts a build. caps[0]: the signal to submit at each progress line and at the end (kept,
   * replacing an earlier one). Payload: profile (string: a profile of system/recipe.xml, e.g.
   * "release", "dev"), mode (u32 BuildMode), flags (u32 BuildFlag), a count (u32) and that many
   * module names (strings; none: the modules whose sources changed, or with Verify every module).
   * Reply Err.Ok at once; Err.Pending while another build runs; Err.Invalid for a bad payload.
   */
  Build = 1,
  /** Reply: state (u32 BuilderState), modules finished (u32), modules in all (u32), bytes of progress text so far (u32). */
  Status = 2,
  /** Payload: offset (u32). Reply: the progress text from there (a blob of at most BuilderLimit.Chunk bytes); the result is its whole length. */
  ReadLog = 3,
}

export const enum BuildMode {
  /** Build from /src (the base with the person's changes) into /build. */
  Build = 0,
  /** Rebuild from the read-only base alone into /build/verify, to compare with the boot image. */
  Verify = 1,
}

export const enum BuildFlag {
  None = 0,
  /** Compile even when the module's inputs equal those of its last build. */
  Force = 1,
}

export const enum BuilderState {
  Idle = 0,
  Running = 1,
  /** The last build finished, every module built or up to date. */
  Done = 2,
  /** The last build finished, some module failed (its last good binary stays in place). */
  Failed = 3,
}

export const enum BuilderLimit {
  Chunk = 2048,
  /** Module names in one Build. */
  Names = 64,
  /** Progress text kept of one build: older text is dropped beyond it. */
  Log = 65536,
}

/** What a client donates for one Builder session: its endpoint, its capability and the signal the builder keeps. */
export const enum BuilderSessionQuota {
  Ram = 8192,
  Caps = 3,
}
