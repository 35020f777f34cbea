// The PD session's protocol: read by both compilers (components and host), so keep it portable, const enums of integers only.
//
// Served by core's PD service; kernel/abi.ts holds the kernel's ABI (message header, errors) it builds on.

/** PD session opcodes (core's PD service: create children). */
export const enum PdSessionOp {
  /**
   * Payload: name, ram bytes, caps, fuel per activation, stack its recursion may take in bytes, the probation of a swap of its
   * code in ms (each 0: the default; the probation may be left out). Transfers the binary (a ROM
   * dataspace capability, or a ROM session capability of core's), the child's parent endpoint and a signal for its exit.
   * Reply: a PD capability; payload: the PD's number, the sha256 of the binary in hex, its BinaryOrigin.
   * Refused (Err.Invalid, payload: the reason) for a binary that is no ROM dataspace, incomplete, or no valid module.
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
  /**
   * Payload: the module's name, its size in bytes, and (may be left out) the size of its provenance.
   * Makes a ROM dataspace (Genode's ROM dataspace: what a ROM server hands out for a binary) of
   * that size, charged to the caller's RAM quota until freed or the session closes; the caller
   * fills it (RomDataspaceOp.Write, and the provenance by RomDataspaceOp.WriteProvenance: the
   * binary's signed `NAME.wasm.intoto.jsonl`, which core checks before the binary runs) and hands
   * it to its clients (RomOp.Dataspace). Reply: transfers the dataspace capability. Err.Quota when
   * the quota does not cover it, Err.Invalid for a size of 0 or past RomDataspaceLimit.Bytes, or a
   * provenance past RomDataspaceLimit.Provenance.
   */
  AllocRom = 5,
}

/** Where a child's binary came from, as PdSessionOp.Create's reply tells. */
export const enum BinaryOrigin {
  /** The boot image's module of that name, byte for byte. */
  Image = 1,
  /** Anything else: bytes a ROM server (build_rom's /build) made. */
  Local = 2,
}

/** Operations on a ROM dataspace capability (made by PdSessionOp.AllocRom or RomOp.Dataspace). */
export const enum RomDataspaceOp {
  /** Reply payload: its size, the bytes written so far. */
  Info = 1,
  /** Payload: offset, bytes. Only its maker writes, in order (offset = bytes written so far), within its size. */
  Write = 2,
  /** Its maker frees it: its RAM goes back, every capability to it turns stale. */
  Free = 3,
  /** Payload: offset, bytes. As Write, for the provenance (its size given to AllocRom). */
  WriteProvenance = 4,
}

/** Bounds of a ROM dataspace. */
export const enum RomDataspaceLimit {
  /** The largest binary a ROM dataspace holds: 64 MiB. */
  Bytes = 67108864,
  /** The largest provenance beside it: 1 MiB (a provenance lists sources, it does not hold them). */
  Provenance = 1048576,
}

/**
 * What a client donates for one PD session: core's state of it and its endpoint. Less is refused
 * with Err.Quota. Children and RAM the session creates are paid from the caller's own quota.
 */
export const enum PdSessionQuota {
  Ram = 4096,
  Caps = 1,
}
