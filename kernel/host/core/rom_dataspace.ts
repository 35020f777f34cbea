// A ROM dataspace: core's read-only copy of a binary, which a parent hands to PD Create (Genode's ROM dataspace).
//
// Core's ROM sessions make one of a boot module (its bytes, shared, nothing charged); another ROM
// server makes one through its PD session (PdSessionOp.AllocRom), charged to its RAM quota, and
// fills it in order by RomDataspaceOp.Write. Only its maker writes or frees it; whoever holds the
// capability may start a child from it, once it is complete.
/// <reference path="../portable.d.ts" />
import { Err, Msg } from "../../abi.ts";
import { RomDataspaceOp } from "../../../components/pd_session/protocol.ts";
import { sha256Hex } from "../../../components/lib/sha256.ts";
import { Component } from "../component.ts";
import type { Core } from "./core.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";

/** The sha256 of each boot module's bytes, computed once: every start of an image binary asks for it. */
const hashes = new WeakMap<Uint8Array, string>();

/** Computes (natively, asynchronously: the boot image's many modules at once) and remembers the sha256 of `bytes`. */
export async function sha256OfAsync(bytes: Uint8Array): Promise<string> {
  let h = hashes.get(bytes);
  if (h === undefined) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
    h = "";
    for (const b of digest) h += b.toString(16).padStart(2, "0");
    hashes.set(bytes, h);
  }
  return h;
}

export function sha256Of(bytes: Uint8Array): string {
  let h = hashes.get(bytes);
  if (h === undefined) hashes.set(bytes, (h = sha256Hex(bytes)));
  return h;
}

/** Whether two binaries are the same bytes (a local build identical to the image's is the image's). */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RomDataspace implements Session {
  slot = 0;
  /** Bytes written so far: the dataspace is complete when they are its size (and its provenance's). */
  filled: number;
  /** The binary's signed provenance, as its maker wrote it (empty: it came without one). */
  readonly provenance: Uint8Array;
  provenanceFilled = 0;
  private freed = false;

  /** Told when it goes (its maker's PD session forgets it). */
  onClose: (() => void) | null = null;

  /**
   * `name`: the module it holds, as its maker names it; `maker`: the component that fills it and
   * was charged for it (PdSession.allocRom; null: core's own, of a boot module, complete from the start).
   */
  constructor(private core: Core, readonly badge: number, readonly label: string, readonly name: string,
    readonly bytes: Uint8Array, readonly maker: Component | null, provenanceSize = 0) {
    this.filled = maker === null ? bytes.length : 0;
    this.provenance = new Uint8Array(provenanceSize);
  }

  get complete(): boolean { return this.filled === this.bytes.length && this.provenanceFilled === this.provenance.length; }

  /** The whole bytes written so far beyond `filled` of `into`: the new fill, or an Err for a gap, an overlap or an overflow. */
  private write(msg: Message, caller: number, into: Uint8Array, filled: number): number {
    if (!this.isMaker(caller)) return Err.Denied;
    const offset = msg.u32(), chunk = msg.blob();
    if (offset !== filled || chunk.length > into.length - offset || chunk.length > Msg.MaxPayload) return Err.Invalid;
    into.set(chunk, offset);
    msg.reply();
    return filled + chunk.length;
  }

  dispatch(msg: Message, caller: number): number {
    switch (msg.op) {
      case RomDataspaceOp.Info:
        msg.reply().putU32(this.bytes.length).putU32(this.filled);
        return Err.Ok;
      case RomDataspaceOp.Write: {
        const filled = this.write(msg, caller, this.bytes, this.filled);
        if (filled < 0) return filled;
        this.filled = filled;
        return Err.Ok;
      }
      case RomDataspaceOp.WriteProvenance: {
        const filled = this.write(msg, caller, this.provenance, this.provenanceFilled);
        if (filled < 0) return filled;
        this.provenanceFilled = filled;
        return Err.Ok;
      }
      case RomDataspaceOp.Free:
        if (!this.isMaker(caller)) return Err.Denied;
        msg.reply();
        this.core.close(this.badge);
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  /** Whether `caller` is the live component that made it (or its swap's successor): nobody else changes it. */
  private isMaker(caller: number): boolean {
    const s = this.core.sys.servers[caller];
    return this.maker !== null && s instanceof Component && s.origin === this.maker;
  }

  /** Its endpoint goes (core.close): its RAM goes back to its maker. */
  close(): void {
    if (this.freed) return;
    this.freed = true;
    this.onClose?.();
    // A dead maker's use went to zero with it; only a live one (whichever instance serves it now) is told.
    const m = this.maker && Component.current(this.core.sys.servers, this.maker);
    if (!m) return;
    m.dataspaceBytes -= this.bytes.length + this.provenance.length;
    this.core.k.k_ram_used(m.pd, m.ramBytes);
  }
}
