// The File_system session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by the fs component; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * File_system session opcodes (the fs component; Genode's File_system, with synchronous calls in
 * place of its packet stream). Paths are absolute within the session's root (`/`, `/etc/motd`):
 * no `.` or `..` element, no empty one but the root's. Handles name open files, per session.
 */
export const enum FsOp {
  /** Payload: path, FsOpen flags. Reply: a handle (> 0). */
  Open = 1,
  /** Payload: handle. */
  Close = 2,
  /** Payload: handle, offset (u64), length. Reply: the number of bytes; payload: the bytes. */
  Read = 3,
  /** Payload: handle, offset (u64), bytes. Reply: the number of bytes written. Past the end fills with zeros. */
  Write = 4,
  /** Payload: handle, size (u64). */
  Truncate = 5,
  /** Payload: path. Reply payload: FsKind, size (u64: bytes of a file, entries of a directory), version. */
  Stat = 6,
  /** Payload: path, index of the first entry. Reply: entries in the payload (0: no more); each name, FsKind. Sorted by name. */
  List = 7,
  /** Payload: path. Creates a directory; its parent must exist. */
  Mkdir = 8,
  /** Payload: path. Removes a file or an empty directory. */
  Unlink = 9,
  /** Payload: from path, to path. Replaces a file at `to`; never a directory. */
  Rename = 10,
  /**
   * Payload: path; transfers a signal capability. The signal is submitted when the node at the
   * path is created, removed or renamed, when a handle through which it (a file) was written or
   * truncated is closed, and (a directory) when an entry of it is added, removed or renamed. The
   * path need not exist. Reply: a watch id (> 0). Err.Quota when the session's donation pays for
   * no more signals (FsSessionQuota): the client upgrades the session by a capability and asks again.
   */
  Watch = 11,
  /** Payload: watch id. The signal goes. */
  Unwatch = 12,
}

/** FsOp.Open flags; Write and Create need a writeable session. */
export const enum FsOpen {
  Read = 1,
  Write = 2,
  /** Creates the file when missing (its directory must exist). */
  Create = 4,
}

/** The kinds of File_system nodes, as FsOp.Stat and List report them. */
export const enum FsKind {
  File = 1,
  Dir = 2,
}

/**
 * What a client donates for one File_system session: the server's bookkeeping (handles, watches),
 * its endpoint and the capability its client gets. Each watch keeps a signal of the client's: it
 * takes one capability more of the donation (FsOp.Watch answers Err.Quota beyond it, a client
 * that watches donates more or upgrades). A server refuses a session below this with Err.Quota.
 */
export const enum FsSessionQuota {
  Ram = 8192,
  Caps = 2,
}
