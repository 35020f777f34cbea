// Shared by kernel, components (AssemblyScript) and host (TypeScript): keep it portable, const enums only.
//
// This is the one declaration of Wasmode's binary interface. Both compilers read
// it, so the two sides cannot drift. Nothing here may use a type or a construct
// that only one of the two languages knows: plain const enums of integers.

/** Version of this ABI; the host refuses a component built against another. */
export const enum Abi {
  Version = 1,
}

/** Syscall import names live in the `wasmode` import module; these are their numbers for traces. */
export const enum Sys {
  Call = 1,
  Signal = 2,
  Derive = 3,
  Drop = 4,
  Endpoint = 5,
  SignalCreate = 6,
  Exit = 7,
}

/** Results of syscalls and calls. Errors are negative; 0 is success. */
export const enum Err {
  Ok = 0,
  /** The slot number is outside the capability space or empty: a forged or dropped capability. */
  BadCap = -1,
  /** The capability names an object that no longer exists (revoked, its server died). */
  Stale = -2,
  /** The capability lacks the right the operation needs. */
  Rights = -3,
  /** The capability (or a File_system node) is of another type than the operation needs: a directory where a file is needed, or the reverse. */
  Type = -4,
  /** The server died before or during the call. */
  Dead = -5,
  /** The target is already on the current call chain: calling it would deadlock. */
  Reentrant = -6,
  /** The call chain is deeper than the kernel allows. */
  Depth = -7,
  /** The message header is malformed: bad length, capability count or slot. */
  BadMsg = -8,
  /** RAM or capability quota is exhausted. */
  Quota = -9,
  /** An argument is out of range. */
  Invalid = -10,
  /** The server does not know the opcode. */
  BadOpcode = -11,
  /** The request was refused by policy (no route, no matching policy). */
  Denied = -12,
  /** The requested object does not exist (a ROM module, a file). */
  NotFound = -13,
  /** Kernel tables are full (or a session's table, or a file system's storage). */
  NoSpace = -14,
  /** The service is not there yet: ask again when the parent signals. */
  Pending = -15,
  /** The name is taken already (a File_system node). */
  Exists = -16,
  /** The directory still holds entries. */
  NotEmpty = -17,
}

/** Rights carried by a capability; a derived capability holds a subset. */
export const enum Rights {
  None = 0,
  /** Invoke: call an endpoint or a PD object. */
  Call = 1,
  /** Submit a signal. */
  Signal = 2,
  /** Pass the capability on in a message. */
  Transfer = 4,
  /** Derive further capabilities from it. */
  Derive = 8,
  /** The creator's capability: dropping it destroys the object and revokes every copy. */
  Own = 16,
  All = 31,
}

/** Kernel object types. */
export const enum ObjType {
  None = 0,
  Endpoint = 1,
  Signal = 2,
  Pd = 3,
}

/**
 * The IPC buffer: a per-component region of IPC_BUFFER_SIZE bytes the component
 * exports as `__ipc_buffer`. Byte offsets of the message header.
 */
export const enum Msg {
  /** Request: the opcode. Reply: the server's result (>= 0, or an Err). */
  Opcode = 0,
  /** Delivered to the server: the badge of the endpoint the call came through. */
  Badge = 4,
  /** Payload length in bytes. */
  Length = 8,
  /** Number of capabilities transferred (0..MaxCaps). */
  Caps = 12,
  /** Bit i set: capability i arrived unwrapped, its word is the badge of an endpoint the receiver serves. */
  Unwrapped = 16,
  /** Capability slot numbers, one word each. */
  Cap0 = 20,
  /** First payload byte. */
  Payload = 36,
  MaxCaps = 4,
  BufferSize = 4096,
  MaxPayload = 4060,
}

/** Operations on a PD capability, served by the kernel itself (held by the PD's parent). */
export const enum PdOp {
  /** Kill the child: its PD dies, its objects are revoked, its quota returns to the parent. */
  Kill = 1,
  /** Reply word: state (PdState); payload word 0: exit code. */
  Status = 2,
  /** Payload: ram bytes, caps; move unused quota from the parent to the child. */
  Give = 3,
  /** Payload: ram bytes, caps; move unused quota from the child back to the parent. */
  Take = 4,
  /** Reply payload: ram quota, ram used, cap quota, caps used. */
  Quota = 5,
}

/** The lifecycle of a PD as its parent sees it. */
export const enum PdState {
  Running = 0,
  Exited = 1,
  Faulted = 2,
  Killed = 3,
}

/** The parent interface: every component's capability slot 1 calls its parent. */
export const enum ParentOp {
  /**
   * Payload: id (chosen by the client, names the session from then on), service name, label,
   * ram quota, cap quota, args. Reply: the session capability.
   */
  Session = 1,
  /** Payload: the session's id; the parent closes it and returns the donated quota. */
  Close = 2,
  /** Payload: service name; transfers the root capability that creates sessions of it. */
  Announce = 3,
  /**
   * Transfers a signal the parent submits whenever a session request that answered Err.Pending
   * was decided (Genode's session_sigh).
   */
  SessionSigh = 4,
  /** Payload: a pending session's id. Reply: its capability, or Err.Pending still, or why it was denied. */
  SessionCap = 5,
  /**
   * Payload: id of a session whose capability was handed out, ram quota, cap quota: the client
   * donates more to the server (Genode's upgrade). Reply once the server has the quota.
   */
  Upgrade = 6,
  /**
   * Payload: Genode's resource args (`ram_quota=N, cap_quota=M`): the component ran short and asks
   * for more. The parent answers later, through the ResourceAvailSigh signal, if at all.
   */
  ResourceRequest = 7,
  /** Transfers a signal the parent submits when it granted more quota after a ResourceRequest. */
  ResourceAvailSigh = 8,
  /** Transfers a signal the parent submits when it wants quota back (a yield request). */
  YieldSigh = 9,
  /** Reply payload: the resource args of the current yield request (`ram_quota=N, cap_quota=M`, or ""). */
  YieldRequest = 10,
  /** The component freed what it could after a yield request: the parent may take it now. */
  YieldResponse = 11,
  /**
   * From a server, about a request its root answered Err.Pending: payload: the request's id (the
   * one RootOp payloads carry); transfers the session capability. The parent hands it to the client.
   */
  DeliverSession = 12,
  /**
   * From a server, about a request its root answered Err.Pending: payload: the request's id, a
   * SessionAnswer. Also unasked (Closed) when the server ended a session itself (a forwarding
   * init whose policy no longer leads there).
   */
  SessionResponse = 13,
  /** Transfers a signal the parent submits to see whether the component still handles signals (Genode's heartbeat). */
  HeartbeatSigh = 14,
  /** The component's answer to the heartbeat signal, sent from its signal handler. */
  HeartbeatResponse = 15,
}

/** How a server ends a session request it answered Err.Pending (ParentOp.SessionResponse), as Genode's session_response. */
export const enum SessionAnswer {
  /** An upgrade is done. */
  Ok = 0,
  /** The session is closed: its quota goes back to the client. */
  Closed = 1,
  Denied = 2,
  InsufficientRam = 3,
  InsufficientCaps = 4,
}

/**
 * Session ids of a child's environment, as in Genode: its parent opens these sessions for it,
 * routed like any request with the child's bare name as label. A component's own sessions use
 * ids from EnvSession.FirstFree on; asking for EnvSession.Log gets the environment's LOG session.
 */
export const enum EnvSession {
  Pd = 1,
  Cpu = 2,
  Log = 3,
  Binary = 4,
  FirstFree = 16,
}

/** A root capability (announced by a server) creates sessions: Genode's Root interface. */
export const enum RootOp {
  /**
   * Payload: label, args, ram quota, cap quota, request id. Reply: the session capability, or
   * Err.Pending: the server answers later under the id (ParentOp.DeliverSession, SessionResponse).
   */
  Session = 1,
  /**
   * Transfers the session capability to close; payload: the id of the session's request (a server
   * that forwards the session finds it by that id). Reply Err.Pending: ParentOp.SessionResponse
   * tells when it is closed.
   */
  Close = 2,
  /**
   * Transfers the session capability; payload: ram quota, cap quota the client added to it (the
   * quota is the server's already), the id of the session's request. Reply Err.Ok, or Err.Pending:
   * ParentOp.SessionResponse (SessionAnswer.Ok) tells when the upgrade is done.
   */
  Upgrade = 3,
}

/** Well-known capability slots every component starts with. */
export const enum Slot {
  Null = 0,
  Parent = 1,
  /** First slot the kernel hands out. */
  First = 2,
}

/** LOG session opcodes (core's LOG service). */
export const enum LogOp {
  /** Payload: one string; written as one line with the session's label. */
  Write = 1,
}

/** ROM session opcodes (core's ROM service). */
export const enum RomOp {
  /** Reply payload: size in bytes, version. */
  Info = 1,
  /** Payload: offset, length. Reply payload: the bytes. */
  Read = 2,
  /** Transfers a signal capability submitted when the module changes. */
  Sigh = 3,
}

/** PD session opcodes (core's PD service: create children). */
export const enum PdSessionOp {
  /**
   * Payload: name, ram bytes, caps, fuel per activation (0: the default). Transfers the ROM session capability of the
   * binary, the child's parent endpoint and a signal for its exit. Reply: a PD capability.
   */
  Create = 1,
  /** Reply payload: the caller's own RAM quota and use (each two words, low first), cap quota, caps used. */
  Quota = 2,
  /**
   * Payload: bytes. Charges the caller's RAM quota with RAM held outside its memory (Genode's RAM
   * dataspace: a Wasm memory never shrinks, so RAM a component must be able to give back cannot
   * be memory). Reply payload: a handle. Err.Quota when the quota does not cover it.
   */
  AllocRam = 3,
  /** Payload: a handle of AllocRam: the RAM goes back to the caller's free quota. */
  FreeRam = 4,
}

/** Clock session opcodes (core's clock device: one client, one alarm; the timer component multiplexes it). */
export const enum ClockOp {
  /** Reply payload: microseconds since boot, as a 64-bit number (two words, low first). */
  Now = 1,
  /** Payload: microseconds from now (u32). Transfers the signal to submit when it fires; re-arming replaces. */
  Alarm = 2,
  /** Disarms the alarm. */
  Cancel = 3,
}

/**
 * Timer session opcodes (the timer component: many sessions over core's one Clock alarm). Each
 * session has one timeout, one-shot or periodic, that submits the session's signal.
 */
export const enum TimerOp {
  /** Reply payload: microseconds since boot, as a 64-bit number (two words, low first). */
  Now = 1,
  /** Transfers the signal to submit when the timeout fires (replaces an earlier one). */
  Sigh = 2,
  /** Payload: microseconds from now (u32): one timeout, replacing whatever was set. */
  Once = 3,
  /** Payload: period in microseconds (u32): fires every period from now on, replacing whatever was set. */
  Periodic = 4,
  /** No timeout any more. */
  Cancel = 5,
}

/** Kernel limits. */
export const enum Limit {
  /** Deepest call chain. */
  CallDepth = 64,
}

/**
 * The kernel's register area: words of kernel.wasm memory, at the address
 * `k_regs()` returns, through which the host passes capability slots and
 * reads results. Word indices.
 */
export const enum KReg {
  /** After k_call: the badge of the endpoint called. */
  Badge = 0,
  /** Capability words of the message being moved (in: sender's slots; out: receiver's slots or badges). */
  Cap0 = 1,
  /** After a transfer: bit i set when capability i arrived unwrapped. */
  Unwrapped = 5,
  /** Results of kernel-served operations (PD objects, queries). */
  Result = 6,
  Out0 = 7,
  Out1 = 8,
  Out2 = 9,
  Out3 = 10,
  /** After k_next_signal: the signal's badge and count. */
  SigBadge = 11,
  SigCount = 12,
  /** Counts deaths: the host reclaims instances when it changes. */
  Deaths = 13,
  Words = 16,
}

/** k_call's answer when the kernel itself served the call (a PD object): results are in KReg. */
export const enum KCall {
  Served = -1000,
  /** k_call_short met a PD object: nothing was done; the host takes the full path (k_call). */
  Slow = -1001,
}

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
   * path need not exist. Reply: a watch id (> 0).
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
 * Terminal session opcodes: core's Terminal (the terminal device, one client) and the terminal
 * component's (many sessions over core's one) speak the same protocol, as Genode's Terminal session.
 */
export const enum TerminalOp {
  /** Payload: bytes (a block). Reply: the number of bytes written. */
  Write = 1,
  /**
   * Payload: most bytes wanted (u32, at most Msg.MaxPayload - 4; more is Err.Invalid). Reply: the
   * number of bytes; payload: the input bytes available, up to that many, as a block (none: empty).
   */
  Read = 2,
  /** Reply: the number of input bytes available to read. */
  Avail = 3,
  /** Reply payload: columns, rows. */
  Size = 4,
  /** Transfers the signal submitted whenever input becomes available; replaces an earlier one. */
  ReadAvailSigh = 5,
  /** Transfers the signal submitted whenever the size changes; replaces an earlier one. */
  SizeChangedSigh = 6,
}

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
