// The Notes session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by the notes component; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/**
 * Notes session opcodes. A session holds its client's notes: short texts, each under a name.
 * Answers are Err.Ok or an Err: Err.Invalid for a name or text that is malformed or too long
 * (NotesLimit), Err.NotFound for a note that is not there, Err.NoSpace when the client keeps
 * NotesLimit.Notes notes already.
 */
export const enum NotesOp {
  /** Payload: name, text. Replaces the note `name` (made when missing) by `text`. */
  Write = 1,
  /** Payload: name. Reply payload: the note's text. */
  Read = 2,
  /**
   * Payload: index of the first name. Reply: the number of names in the payload (0: no more),
   * then the notes written through this session so far (u32), then the names, sorted.
   */
  List = 3,
  /**
   * Payload: name; transfers a signal capability. The signal is submitted whenever the note
   * `name` changes, through whichever session. One watch per session: a new one replaces it.
   */
  Watch = 4,
}

/** What one client may keep: bytes of a name, bytes of a text, notes. */
export const enum NotesLimit {
  Name = 128,
  Text = 2048,
  Notes = 64,
}

/**
 * What a client donates for one Notes session: the server's state of it (its directory's name,
 * its count, its watch), its endpoint, the capability its client gets and the client's signal a
 * watch keeps. notes refuses less with Err.Quota.
 */
export const enum NotesSessionQuota {
  Ram = 4096,
  Caps = 3,
}
