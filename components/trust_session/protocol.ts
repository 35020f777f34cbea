// The Trust session's protocol: read by both compilers (the shell, the host's tests), so keep it portable, const enums of integers only.
//
// Served by core (kernel/host/core/trust_service.ts): the public keys whose signatures core accepts
// on a binary's provenance. Anyone routed to it may list them; a change is only asked for here:
// core asks the person at the terminal itself (the trusted path: no component sees or answers
// the question), and tells the client how it went through its signal.

export const enum TrustOp {
  /** Payload: index (u32). Reply payload: keyid (hex), name, origin (KeyOrigin). Result: the number of keys (Err.Invalid past the end). */
  Key = 1,
  /**
   * Payload: the public key (string: PEM, 64 hex digits or base64 of its 32 bytes), a name (string).
   * Transfers a signal, submitted once the person answered. Err.Pending: core asks at the terminal;
   * Err.Invalid (payload: why) for a key it cannot read or trusts already; Err.Denied (payload: why)
   * when nobody is at a terminal to ask.
   */
  Add = 2,
  /** Payload: a keyid or a prefix of it naming one key (string). As Add: asked at the terminal. */
  Remove = 3,
  /** Reply payload: the state of the last Add or Remove (TrustAsk), its line (string). */
  Status = 4,
}

export const enum KeyOrigin {
  /** The boot image trusts it (trusted_keys.json: the release key that signed it). */
  Image = 1,
  /** Core's own key, which signs what is built inside. */
  Local = 2,
  /** Added by the person at the terminal. */
  User = 3,
}

export const enum TrustAsk {
  None = 0,
  /** The question is on the terminal. */
  Asking = 1,
  Done = 2,
  /** The person said no, or the request was refused. */
  Refused = 3,
}

export const enum TrustLimit {
  /** Most bytes of a key's text (a PEM is about 113). */
  Key = 1024,
}

/** What a Trust session costs core: its endpoint and the signal it keeps. */
export const enum TrustSessionQuota {
  Ram = 4096,
  Caps = 2,
}
