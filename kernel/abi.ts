// Shared by kernel, components (AssemblyScript) and host (TypeScript): keep it portable, const enums only.
//
// This is the one declaration of the kernel's binary interface: errors, rights, object types, the
// message header, the parent and root interfaces every component speaks, PD objects and the kernel's
// registers. Both compilers read it, so the two sides cannot drift. Nothing here may use a type or a
// construct that only one of the two languages knows: plain const enums of integers. The syscalls
// are the `wasmode` imports (kernel/host/module_check.ts SYSCALLS). Each session's protocol lives
// with its session, in components/NAME_session/protocol.ts, under the same rules.

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
  /**
   * The call chain is deeper than the kernel allows, or the server's stack bound does not fit on
   * the host's stack beside those of the chain's components (kernel/host/stack.ts): not entered.
   */
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
  /** The call chain this call is part of has spent its first caller's fuel budget: the server is not entered. */
  Fuel = -18,
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
  /** Reply word: state (PdState); payload word 0: exit code (of a fault: its FaultKind). */
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

/** What kind of fault a PD died of: PdOp.Status's code word when its state is Faulted. */
export const enum FaultKind {
  /** It failed in its own code (a trap, an abort, fuel, RAM or recursion bound exhausted): it stays down. */
  Trap = 0,
  /**
   * It was unwound in the middle of a call it served by something not its own (its caller left it
   * no stack, host code failed under it): its heap may be half updated. Its parent restarts it.
   */
  Torn = 1,
  /** Its code was replaced and it had no state to carry over (core's Update service): its parent starts it again. */
  Updated = 2,
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

/**
 * k_state_load's answer: a new kernel.wasm takes over the state a running one saved (k_state_save)
 * only when it is a state, of the format version it reads (k_state_version), whole and consistent.
 */
export const enum StateLoad {
  Ok = 0,
  /** This kernel was booted, or took a state already: only a fresh instance takes one. */
  Booted = -1,
  /** The bytes are not a kernel state (their first word is wrong). */
  NotState = -2,
  /** The state's format version is not the one this kernel reads. */
  Version = -3,
  /** The state ends before its last field. */
  Truncated = -4,
  /** A field names a PD, an object or a slot that is not there, or bytes follow the state. */
  Malformed = -5,
}

/** k_call's answer when the kernel itself served the call (a PD object): results are in KReg. */
export const enum KCall {
  Served = -1000,
  /** k_call_short met a PD object: nothing was done; the host takes the full path (k_call). */
  Slow = -1001,
}
