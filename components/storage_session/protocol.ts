// The Storage session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's storage device; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * Storage session opcodes (core's storage device: one client, the fs component). The device holds
 * blobs by key; a commit applies the writes and removals staged since the last one atomically: after
 * a crash the store holds all of them or none. Keys are 1..StorageLimit.Key bytes of [A-Za-z0-9._-].
 */
export const enum StorageOp {
  /** Payload: index of the first key. Reply: entries in the payload (0: no more); each key, size (u32). Sorted by key. */
  List = 1,
  /** Payload: key, offset (u32), most bytes wanted (at most StorageLimit.Chunk). Reply: the number of bytes; payload: the bytes (a block). */
  Read = 2,
  /**
   * Payload: key, offset (u32), bytes (a block, at most StorageLimit.Chunk). Stages the key's new content
   * piece by piece: the offset must be the bytes staged for the key so far (0 starts it afresh).
   */
  Write = 3,
  /** Payload: key. Stages the key's removal. */
  Remove = 4,
  /** Applies everything staged, atomically. Err.NoSpace when the device is full, Err.Invalid when it failed. */
  Commit = 5,
  /** Drops everything staged. */
  Abort = 6,
}

/** Sizes of the Storage session. */
export const enum StorageLimit {
  /** The longest key, in bytes. */
  Key = 64,
  /** Most bytes one Read answers or one Write carries: a message holds a key, an offset and the block besides. */
  Chunk = 3968,
  /** Most bytes a session may stage before it commits (host memory, not the client's quota). */
  Staged = 67108864,
}

/**
 * What a client donates for one Storage session: core's state of it and its endpoint (staged
 * writes are bounded by StorageLimit, not by the donation). Less is refused with Err.Quota.
 */
export const enum StorageSessionQuota {
  Ram = 4096,
  Caps = 1,
}
