// PD sessions and PD capabilities: creating children, watching and ending them, moving quota.
import { Err, Msg, PdOp, PdState } from "../../kernel/abi.ts";
import { BinaryOrigin, PdSessionOp, PdSessionQuota, RomDataspaceOp } from "../pd_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";
import { sys_drop } from "./syscalls.ts";

export class PdConnection extends Connection {
  /** Why the last create failed, as core said it ("" if it said nothing). */
  lastError: string = "";

  constructor() {
    super("PD", "", PdSessionQuota.Ram, PdSessionQuota.Caps);
  }

  /**
   * Creates a child named `name` with `ram` bytes and `caps` capabilities of our quota. `binary`
   * is a ROM dataspace of the binary (romDataspace; or a ROM session of core's), `parentCap`
   * becomes the child's slot 1, `exitSignal` fires when it dies. Returns the PD capability (a
   * slot of ours) or an Err; pdCreateSha256 and pdCreateOrigin then tell which binary runs.
   */
  create(name: string, ram: u32, caps: u32, binary: i32, parentCap: i32, exitSignal: i32, fuel: u32 = 0, stack: u32 = 0, probationMs: u32 = 0): i32 {
    const r = pdCreate(this.cap, name, ram, caps, binary, parentCap, exitSignal, fuel, stack, probationMs);
    this.lastError = pdCreateError;
    return r;
  }
}

/** Why the last pdCreate failed, as core said it ("" if it said nothing). */
export let pdCreateError: string = "";
/** The sha256 (hex) of the binary the last successful pdCreate started, and its BinaryOrigin. */
export let pdCreateSha256: string = "";
export let pdCreateOrigin: u32 = 0;

/**
 * Creates a child through the PD session `session` (see PdConnection.create). `fuel` is its budget
 * per activation (units of about a loop iteration: loops, calls, bulk memory work, syscalls), 0 for the host's default;
 * `stack` the bytes of stack its recursion may take, 0 for the host's default; `probationMs` how
 * long a swap of its code stays on probation (a fault within it puts the old code back), 0 for the default.
 */
export function pdCreate(session: i32, name: string, ram: u32, caps: u32, binary: i32, parentCap: i32, exitSignal: i32, fuel: u32 = 0, stack: u32 = 0,
  probationMs: u32 = 0): i32 {
  msg.begin(PdSessionOp.Create);
  msg.putString(name);
  msg.putU32(ram);
  msg.putU32(caps);
  msg.putU32(fuel);
  msg.putU32(stack);
  msg.putU32(probationMs);
  msg.putCap(binary);
  msg.putCap(parentCap);
  msg.putCap(exitSignal);
  const r = call(session);
  pdCreateError = "";
  pdCreateSha256 = "";
  pdCreateOrigin = 0;
  if (r < 0) {
    if (msg.length() > 0) pdCreateError = msg.getString();
    return r;
  }
  const control = msg.getI32();
  msg.getU32();
  if (msg.remaining() > 0) {
    pdCreateSha256 = msg.getString();
    pdCreateOrigin = msg.getU32();
    if (msg.malformed()) pdCreateOrigin = 0;
  }
  return control;
}

/** A BinaryOrigin as the state report and ps name it. */
export function originName(origin: u32): string {
  if (origin == BinaryOrigin.Image) return "image";
  if (origin == BinaryOrigin.Local) return "local";
  return "";
}

/**
 * A ROM dataspace of `size` bytes for module `name`, charged to our RAM quota through our PD
 * session `session` (a ROM server's binary for PD Create). Returns its capability, Err.Quota when
 * our quota does not cover it.
 */
export function pdAllocRom(session: i32, name: string, size: u32, provenanceSize: u32 = 0): i32 {
  msg.begin(PdSessionOp.AllocRom);
  msg.putString(name);
  msg.putU32(size);
  if (provenanceSize > 0) msg.putU32(provenanceSize);
  const r = call(session);
  if (r < 0) return r;
  return msg.capCount() == 1 ? msg.getCap(0) : Err.BadMsg;
}

/** Writes `bytes` at `offset` of ROM dataspace `ds` (ours), in chunks the IPC buffer holds. */
export function romDataspaceWrite(ds: i32, offset: u32, bytes: Uint8Array): i32 {
  return writeChunks(RomDataspaceOp.Write, ds, offset, bytes);
}

/** Writes the binary's provenance (its whole envelope) into ROM dataspace `ds` (ours). */
export function romDataspaceWriteProvenance(ds: i32, envelope: Uint8Array): i32 {
  return writeChunks(RomDataspaceOp.WriteProvenance, ds, 0, envelope);
}

function writeChunks(op: RomDataspaceOp, ds: i32, offset: u32, bytes: Uint8Array): i32 {
  // The offset word and the block's length word take 8 bytes of the payload.
  const chunk: u32 = <u32>Msg.MaxPayload - 8;
  let done: u32 = 0;
  while (done < <u32>bytes.length) {
    const n = min(chunk, <u32>bytes.length - done);
    msg.begin(op);
    msg.putU32(offset + done);
    msg.putRaw(bytes.dataStart + done, n);
    const r = call(ds);
    if (r < 0) return r;
    done += n;
  }
  return Err.Ok;
}

/** Frees ROM dataspace `ds` (ours): its RAM is free quota again, every capability to it stale. */
export function romDataspaceFree(ds: i32): i32 {
  msg.begin(RomDataspaceOp.Free);
  const r = call(ds);
  sys_drop(ds);
  return r;
}

/** A PD's quota and use: a component's own (ownQuota) or a child's (pdQuota). */
export class PdQuota {
  ram: u64 = 0;
  ramUsed: u64 = 0;
  caps: u64 = 0;
  capsUsed: u64 = 0;
  get ramAvail(): u64 { return this.ram > this.ramUsed ? this.ram - this.ramUsed : 0; }
  get capsAvail(): u64 { return this.caps > this.capsUsed ? this.caps - this.capsUsed : 0; }
}

/** The caller's own quota, through a PD session of core's. Null when the session cannot tell. */
export function ownQuota(session: i32): PdQuota | null {
  msg.begin(PdSessionOp.Quota);
  if (call(session) < 0) return null;
  const q = new PdQuota();
  q.ram = msg.getU64();
  q.ramUsed = msg.getU64();
  q.caps = <u64>msg.getU32();
  q.capsUsed = <u64>msg.getU32();
  return msg.malformed() ? null : q;
}

/** The quota of the PD behind PD capability `pd` (a child's), as the kernel tells its holder. Null when it cannot. */
export function pdQuota(pd: i32): PdQuota | null {
  msg.begin(PdOp.Quota);
  if (call(pd) < 0) return null;
  const q = new PdQuota();
  q.ram = <u64>msg.getU32();
  q.ramUsed = <u64>msg.getU32();
  q.caps = <u64>msg.getU32();
  q.capsUsed = <u64>msg.getU32();
  return msg.malformed() ? null : q;
}

/** The state of a child: PdState in `state`, its exit code in `code`. */
export class PdStatus {
  state: i32 = PdState.Running;
  code: i32 = 0;
}

export function pdStatus(pd: i32): PdStatus {
  const s = new PdStatus();
  msg.begin(PdOp.Status);
  const r = call(pd);
  if (r < 0) { s.state = PdState.Killed; return s; }
  s.state = r;
  s.code = msg.getI32();
  return s;
}

export function pdKill(pd: i32): i32 {
  msg.begin(PdOp.Kill);
  return call(pd);
}

/** Moves `ram` bytes and `caps` capabilities of quota from us to the child. */
export function pdGive(pd: i32, ram: u32, caps: u32): i32 {
  msg.begin(PdOp.Give);
  msg.putU32(ram);
  msg.putU32(caps);
  return call(pd);
}

/** Moves unused quota from the child back to us. */
export function pdTake(pd: i32, ram: u32, caps: u32): i32 {
  msg.begin(PdOp.Take);
  msg.putU32(ram);
  msg.putU32(caps);
  return call(pd);
}

/**
 * Charges `bytes` of our RAM quota through our PD session `session`, outside our memory (Genode's
 * RAM dataspace; a Wasm memory cannot shrink, so this is RAM we can give back). Returns a handle
 * for pdFreeRam, or Err.Quota when our quota does not cover it.
 */
export function pdAllocRam(session: i32, bytes: u32): i32 {
  msg.begin(PdSessionOp.AllocRam);
  msg.putU32(bytes);
  const r = call(session);
  if (r < 0) return r;
  const handle = msg.getI32();
  return msg.malformed() ? Err.BadMsg : handle;
}

/** Frees RAM of pdAllocRam: it is free quota again. */
export function pdFreeRam(session: i32, handle: i32): i32 {
  msg.begin(PdSessionOp.FreeRam);
  msg.putU32(<u32>handle);
  return call(session);
}
