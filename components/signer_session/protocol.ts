// The Signer session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core (kernel/host/core/signer_service.ts), which holds the signing key: the private key
// never enters a component's memory. A client (the builder, whose route alone reaches it) stages
// the in-toto statement of a build it made with Put, asks for it to be signed with Sign (core
// checks that the subject is a binary core's Compiler service produced for this very client, and
// sets the builder id itself), hears of the end through a signal, and reads the DSSE envelope
// with Read. The service's name is in signer_session.ts (this file holds integers only).

/** Signer session opcodes. */
export const enum SignerOp {
  /**
   * Payload: offset (u32), bytes (a block, at most SignerLimit.Chunk). Stages the statement piece
   * by piece, in order: offset 0 starts anew (and forgets the last envelope), any other must be the
   * bytes staged so far (else Err.Invalid). Err.NoSpace past SignerLimit.Statement bytes;
   * Err.Pending while a signing runs.
   */
  Put = 1,
  /**
   * Transfers a signal capability, submitted when the signing ended. Signs the staged statement:
   * it must be an in-toto Statement v1 with a SLSA provenance v1 predicate naming exactly one
   * subject, whose sha256 is a binary core's Compiler service produced for this client; core sets
   * its runDetails.builder.id to the compiler device's. Err.Ok at once: the signing runs in the
   * background (Status: Signing, then Done). Err.Invalid: refused, nothing signed (Status: Refused
   * and the reason; core logs it too). Err.BadMsg without the signal; Err.Pending while one runs.
   */
  Sign = 2,
  /** Reply payload: state (SignerState), the reason of a refusal (string, "" otherwise). */
  Status = 3,
  /**
   * Payload: offset (u32), most bytes wanted (u32, at most SignerLimit.Chunk). Reply payload: the
   * envelope's bytes from offset (a block, empty at the end); result: its total size. Err.Invalid
   * unless Done, for a larger max or an offset past the end; Err.Pending while signing.
   */
  Read = 4,
  /** Reply payload: the signing key's id (string: lowercase hex sha256 of its raw public key). */
  KeyId = 5,
}

/** Where a session's signing is (SignerOp.Status). */
export const enum SignerState {
  /** Nothing asked since the session began or the last Put at offset 0. */
  Idle = 0,
  Signing = 1,
  /** The envelope is ready (SignerOp.Read). */
  Done = 2,
  /** The statement was refused: Status says why. */
  Refused = 3,
}

/** Sizes of the Signer session. */
export const enum SignerLimit {
  /** Most bytes one Put carries or one Read answers. */
  Chunk = 3584,
  /** Most bytes of a statement (host memory, bounded per session). */
  Statement = 262144,
}

/**
 * What a client donates for one Signer session: core's state of it, its endpoint and the signal
 * core keeps until the signing ends. Less is refused with Err.Quota.
 */
export const enum SignerSessionQuota {
  Ram = 8192,
  Caps = 2,
}
