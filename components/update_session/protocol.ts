// The Update session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core (kernel/host/core/update_service.ts): replacing a running component's code in
// place (a swap), putting its previous version back, rebooting into a rebuilt kernel and swapping
// the kernel live. It is authority over the whole system, so only the integrator's routes grant it
// (the default system: the shell alone). The service's name is in update_session.ts.

/** Update session opcodes. */
export const enum UpdateOp {
  /**
   * Payload: offset (u32), bytes (a block, at most UpdateLimit.Chunk). Stages a binary piece by
   * piece, in order: offset 0 starts anew, any other must be the bytes staged so far (else
   * Err.Invalid). Err.NoSpace past UpdateLimit.Binary bytes.
   */
  Stage = 1,
  /**
   * Payload: offset (u32), bytes (a block, at most UpdateLimit.Chunk). Stages the staged binary's
   * provenance (its signed `NAME.wasm.intoto.jsonl`) as Stage does the binary; a Stage at offset 0
   * drops it. Core checks it before anything staged runs (an image module's own it finds itself).
   * Err.NoSpace past UpdateLimit.Provenance bytes.
   */
  StageProvenance = 16,
  /**
   * Payload: the component (string: its label, or the last element of its label when that names one
   * component), the binary's name for the log (string), its probation in ms (u32, 0: the default).
   * Replaces the component's code with the staged binary in place. Reply payload: outcome
   * (SwapOutcome), state bytes carried (u32), the line that says what happened (string).
   * Err.Ok: swapped or restarted; Err.Invalid: refused (the line says why, nothing changed);
   * Err.Pending: the component is on the call chain (the caller swaps itself): it is swapped when
   * the chain has returned, and core logs the outcome.
   */
  Swap = 2,
  /** Payload: the component (as for Swap). Puts its previous version back. Reply payload: the line (string). */
  Back = 3,
  /**
   * Payload: index (u32). Reply payload: label, state (SwapState), version (u32), sha256 of the
   * running binary, sha256 of the previous one, the reason of the last rollback or hold (strings).
   * Result: the number of components ever swapped (Err.Invalid past the end).
   */
  Entry = 4,
  /** Payload: whether to boot the staged kernel.wasm (u32: 1) or the running one (0). Err.Denied when the platform cannot reboot. */
  Reboot = 5,
  /**
   * Swaps the staged kernel.wasm in live, once the call chain has returned: Err.Pending at once.
   * May transfer a signal (kept by core, replacing an earlier one), submitted when the swap ended;
   * KernelStatus then tells how. Core logs the outcome too.
   */
  SwapKernel = 6,
  /** Reply payload: the state of this session's last kernel swap (KernelSwapState) and its line (string). */
  KernelStatus = 7,
  /**
   * Payload: a binary's name (string, e.g. `hello.wasm`). What core knows of it (`verify`): the
   * sha256 its image provenance signed ("" without one), who signed it and which builder built it
   * (or why the provenance does not hold), then a count (u32) and for each component running it,
   * at most UpdateLimit.Running: its label, the sha256 it runs and why core let it run (strings).
   */
  Provenance = 17,
  /**
   * Payload: the component (string, as for Swap), the function (string: "" for the whole module,
   * else its name, `NAME` or `$NAME`). Disassembles the component's running binary to WAT in
   * core's compiler device, in the background: Err.Pending at once. May transfer a signal (kept by
   * core, the one SwapKernel keeps), submitted when the text is ready; Disassembly then reads it.
   * Refused with a line (reply payload, string): Err.Invalid (no such component), Err.Denied (the
   * platform has no compiler device). A new one replaces the last one's text.
   */
  Disassemble = 8,
  /**
   * Payload: offset (u32), most bytes wanted (u32, at most UpdateLimit.Chunk). Reply payload: the
   * state of this session's disassembly (DisasmState), then a block: its text from offset (Done),
   * or the line saying why there is none (Failed), UTF-8. Result: the total size of that text.
   * Err.Invalid for a larger max or an offset past the end.
   */
  Disassembly = 9,
}

/** Where a session's disassembly is (UpdateOp.Disassembly). */
export const enum DisasmState {
  None = 0,
  /** The compiler device works on it (it may first finish a build's compile). */
  Running = 1,
  /** The text is ready. */
  Done = 2,
  /** There is none: the line says why (a function the module lacks, a binary wabt cannot read). */
  Failed = 3,
}

/** Where a session's last kernel swap is (UpdateOp.KernelStatus). */
export const enum KernelSwapState {
  None = 0,
  /** The new kernel is being checked, or waits for the call chain to return. */
  Running = 1,
  /** It took over: every PD, capability and quota as before. */
  Done = 2,
  /** Refused: the running kernel goes on (the line says why). */
  Refused = 3,
}

/** What a Swap did. */
export const enum SwapOutcome {
  /** The new code runs in the same PD with the old one's state: sessions and capabilities kept. */
  Swapped = 1,
  /** The old code has no state hooks: the component was restarted with the new binary, its sessions closed. */
  Restarted = 2,
  /** Nothing changed: the line says why. */
  Refused = 3,
  /** Waits for the call chain to return (the caller swaps itself). */
  Queued = 4,
}

/** Where a swapped component stands (UpdateOp.Entry, the `core -> swaps` report). */
export const enum SwapState {
  /** Swapped in, within its probation window: a fault puts the previous version back. */
  Probation = 1,
  /** Kept: it passed its probation. */
  Running = 2,
  /** Its previous version was put back (a fault in probation, or by hand). */
  RolledBack = 3,
  /** It faulted again and again: it is held at its last good version. */
  Held = 4,
  /** Restarted with the new binary (no state hooks). */
  Restarted = 5,
}

export const enum UpdateLimit {
  /** Most bytes one Stage carries. */
  Chunk = 3584,
  /** The largest binary (or kernel) that can be staged. */
  Binary = 16777216,
  /** The largest provenance that can be staged. */
  Provenance = 1048576,
  /** Most components one Provenance reply names. */
  Running = 16,
  /** The default probation window. */
  ProbationMs = 10000,
  /** The longest disassembly core keeps (bytes of text); a longer one fails, saying so. */
  Text = 67108864,
}

/** What an Update session costs core at its opening (its endpoint and state; the staged binary is bounded by UpdateLimit.Binary, as the compiler's sources are). */
export const enum UpdateSessionQuota {
  Ram = 8192,
  Caps = 2,
}
