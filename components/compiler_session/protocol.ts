// The Compiler session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's compiler device (kernel/host/core/compiler_service.ts); kernel/abi.ts holds the
// kernel's ABI (message header, errors) it builds on. A client stages a module's sources with
// PutFile, starts a compile with Compile (it runs in the background, in a worker of the host's),
// hears of its progress through a signal, asks Status, and reads the results with Read. The
// service's name is in compiler_session.ts (this file holds integers only).

/** Compiler session opcodes. */
export const enum CompilerOp {
  /**
   * Payload (optional): the language (CompilerLanguage, AssemblyScript without it). Reply payload:
   * the name and version of its compiler (string), e.g. `assemblyscript 0.28.20`, `wabt 1.0.39`.
   */
  Version = 1,
  /** Drops the staged files and the last result. Err.Pending while this session's compile runs. */
  Reset = 2,
  /**
   * Payload: path (string), offset (u32), bytes (a block, at most CompilerLimit.Chunk). Stages a
   * file piece by piece, in order: offset 0 starts the file anew, any other offset must be the
   * bytes staged for it so far (else Err.Invalid). Paths are relative, `/`-separated, without
   * `.`, `..` or empty elements, at most CompilerLimit.Path bytes (Err.Invalid). Err.NoSpace past
   * CompilerLimit.Staged bytes or CompilerLimit.Files files; Err.Pending while a compile runs.
   */
  PutFile = 3,
  /**
   * Transfers a signal capability (kept by core, replacing an earlier one), submitted at each
   * change of state, each progress line and the end. Payload: the number of entries (u32), the
   * entries (strings: staged paths), the number of flags (u32), the flags (strings: asc options
   * of an allow-list, e.g. `-O3`, `--runtime stub`; one that names or writes a file on the
   * host, or is unknown, is Err.Invalid). One entry ending in `.wat` is a WAT module, which wabt
   * compiles (flags do not apply to it). Err.Ok at once: the compile runs in the background.
   * Err.Pending while this session's compile runs; Err.BadMsg without the signal.
   */
  Compile = 4,
  /**
   * Reply payload: state (CompilerState), bytes of the compiler loaded so far (u32), its total
   * bytes when known (u32, else 0), milliseconds since the compile began (u32), the latest
   * progress line (string), when the compile began and when it ended (strings, UTC in ISO 8601,
   * "" while there is none): what a build record says.
   */
  Status = 5,
  /**
   * Payload: which (CompilerOutput), offset (u32), most bytes wanted (u32, at most
   * CompilerLimit.Chunk). Reply payload: the bytes from offset (a block, empty at the end);
   * result: the total size of that output. Err.Invalid for an unknown output, a larger max or an
   * offset past the end; Err.Pending while this session's compile runs.
   */
  Read = 6,
  /**
   * Reply payload: the number of packages (u32), then per package its npm name, version and the
   * sha512 of its tarball in lowercase hex (strings), e.g. assemblyscript, binaryen, wabt: what a
   * build's provenance lists among its resolved dependencies.
   */
  Toolchain = 7,
}

/** The languages the device compiles (CompilerOp.Version). */
export const enum CompilerLanguage {
  AssemblyScript = 0,
  /** WebAssembly's text format, through wabt. */
  Wat = 1,
}

/** Where a session's compile is (CompilerOp.Status). */
export const enum CompilerState {
  /** Nothing compiled since the session began or was reset. */
  Idle = 0,
  /** The compiler is being loaded, or the compile waits for another session's to end. */
  Loading = 1,
  Compiling = 2,
  /** A binary is ready (CompilerOutput.Binary). */
  Done = 3,
  /** The sources did not compile: CompilerOutput.Diagnostics says why. */
  Failed = 4,
  /** The compile ran past its time limit and was stopped. */
  Stopped = 5,
  /** The compiler's worker died (out of memory, say); it is restarted on the next compile. */
  Crashed = 6,
}

/** What CompilerOp.Read reads of the last compile. */
export const enum CompilerOutput {
  /** The module's bytes (empty unless Done). */
  Binary = 1,
  /** UTF-8 text: `FILE:LINE:COL: message` lines, each followed by the source line and a caret under the column; for Stopped and Crashed one line saying what happened. */
  Diagnostics = 2,
  /** The staged paths the compiler read, sorted, one per line. */
  Inputs = 3,
}

/** Sizes of the Compiler session. */
export const enum CompilerLimit {
  /** Most bytes one PutFile carries or one Read answers: a message holds a path, an offset and the block besides. */
  Chunk = 3584,
  /** The longest path, in bytes. */
  Path = 255,
  /** Most bytes a session may stage (host memory, bounded per session, not the client's quota). */
  Staged = 8388608,
  /** Most files a session may stage. */
  Files = 2000,
  /** Most entries, and most flags, one Compile names. */
  Args = 64,
}

/**
 * What a client donates for one Compiler session: core's state of it, its endpoint and the
 * signal core keeps for progress. Less is refused with Err.Quota (the session, or the Compile
 * that would keep the signal).
 */
export const enum CompilerSessionQuota {
  Ram = 8192,
  Caps = 2,
}
