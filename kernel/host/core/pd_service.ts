// Core's PD service: a client creates its children, each from a ROM dataspace (or a ROM session of core's), and charges RAM and ROM dataspaces to its quota.
import { Err, Rights } from "../../abi.ts";
import { BinaryOrigin, PdSessionOp, PdSessionQuota, RomDataspaceLimit } from "../../../components/pd_session/protocol.ts";
import { Component } from "../component.ts";
import { LoadError } from "../errors.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { RomDataspace, sameBytes, sha256Of } from "./rom_dataspace.ts";
import { RomSession } from "./rom_service.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";

/** RAM a component holds outside its memory, by the handle AllocRam gave it: `owner` is its first instance (Component.origin). */
interface Dataspace { owner: Component; bytes: number }

/** Core's refusal of a binary capability that is neither a ROM dataspace nor a ROM session of core's (init recognizes it). */
export const NOT_A_BINARY = "its binary must come from a ROM dataspace (or a ROM session of core's)";

export class PdSession implements Session {
  slot = 0;
  private dataspaces = new Map<number, Dataspace>();
  /** ROM dataspaces made through this session (AllocRom): freed when it closes. */
  private roms = new Set<RomDataspace>();
  private nextHandle = 1;
  constructor(private core: Core, readonly badge: number, readonly label: string) {}

  /** AllocRam and FreeRam: RAM charged to the caller's quota, checked before anything changes. */
  private ram(msg: Message, caller: number): number {
    const owner = this.core.sys.servers[caller];
    if (!(owner instanceof Component)) return Err.Invalid;
    if (msg.op === PdSessionOp.AllocRam) {
      const bytes = msg.u32();
      if (this.core.k.k_ram_used(caller, owner.ramBytes + bytes) !== Err.Ok) return Err.Quota;
      owner.dataspaceBytes += bytes;
      const handle = this.nextHandle++;
      this.dataspaces.set(handle, { owner: owner.origin, bytes });
      msg.reply().putU32(handle);
      return Err.Ok;
    }
    const handle = msg.u32();
    const ds = this.dataspaces.get(handle);
    if (!ds || ds.owner !== owner.origin) return Err.Invalid;
    this.release(handle, ds);
    msg.reply();
    return Err.Ok;
  }

  private release(handle: number, ds: Dataspace): void {
    this.dataspaces.delete(handle);
    // A dead owner's use went to zero with it; only a live one (whichever instance serves it now) is told.
    const now = Component.current(this.core.sys.servers, ds.owner);
    if (!now) return;
    now.dataspaceBytes -= ds.bytes;
    this.core.k.k_ram_used(now.pd, now.ramBytes);
  }

  /** AllocRom: a ROM dataspace of the caller's, charged to its quota, checked before anything changes. */
  private allocRom(msg: Message, caller: number): number {
    const owner = this.core.sys.servers[caller];
    if (!(owner instanceof Component)) return Err.Invalid;
    const name = msg.string(), size = msg.u32();
    // The provenance's size: a later field, so optional.
    const provenance = msg.remaining >= 4 ? msg.u32() : 0;
    if (size === 0 || size > RomDataspaceLimit.Bytes || provenance > RomDataspaceLimit.Provenance) return Err.Invalid;
    const charged = size + provenance;
    if (this.core.k.k_ram_used(caller, owner.ramBytes + charged) !== Err.Ok) return Err.Quota;
    const ds = this.core.open((badge) => new RomDataspace(this.core, badge, `${this.label} -> ${name}`, name, new Uint8Array(size), owner.origin, provenance));
    if (typeof ds === "number") {
      this.core.k.k_ram_used(caller, owner.ramBytes);
      return ds;
    }
    // Charged from now until it goes (RomDataspace.close gives it back).
    owner.dataspaceBytes += charged;
    this.roms.add(ds);
    ds.onClose = () => this.roms.delete(ds);
    msg.reply().putCap(ds.slot);
    return Err.Ok;
  }

  /** The session closes: RAM and ROM dataspaces allocated through it are freed. */
  close(): void {
    for (const [handle, ds] of [...this.dataspaces]) this.release(handle, ds);
    for (const ds of [...this.roms]) this.core.close(ds.badge);
  }

  /** The bytes a Create names: a complete ROM dataspace's, or a ROM session of core's module; else why not. */
  private binary(rom: { value: number; unwrapped: boolean }): { name: string; bytes: Uint8Array; image: boolean; envelope?: Uint8Array } | string {
    const session = rom.unwrapped ? this.core.sessionOf(rom.value) : undefined;
    if (session instanceof RomDataspace) {
      if (!session.complete) {
        const provenance = session.provenance.length ? `, ${session.provenanceFilled} of ${session.provenance.length} of its provenance` : "";
        return `its binary "${session.name}" is incomplete (${session.filled} of ${session.bytes.length} bytes written${provenance})`;
      }
      const image = session.maker === null || this.core.rom(session.name) === session.bytes || sameBytes(this.core.rom(session.name), session.bytes);
      return { name: session.name, bytes: session.bytes, image, envelope: session.provenance.length ? session.provenance : undefined };
    }
    if (session instanceof RomSession) {
      if (!session.visible) return `no binary "${session.module}" for this label`;
      const bytes = session.bytes;
      if (!bytes) return `${session.module}: no such binary in the boot image`;
      return { name: session.module, bytes, image: true };
    }
    return NOT_A_BINARY;
  }

  /** Creates a child of the caller: holding the session capability is the authority, the quota is the caller's. */
  dispatch(msg: Message, caller: number): number {
    if (msg.op === PdSessionOp.Quota) {
      const k = this.core.k, ram = k.k_ram_quota(caller), used = k.k_ram_usage(caller);
      msg.reply().putU32(ram % 2 ** 32).putU32(Math.floor(ram / 2 ** 32)).putU32(used % 2 ** 32).putU32(Math.floor(used / 2 ** 32))
        .putU32(k.k_cap_quota(caller)).putU32(k.k_cap_used(caller));
      return Err.Ok;
    }
    if (msg.op === PdSessionOp.AllocRam || msg.op === PdSessionOp.FreeRam) return this.ram(msg, caller);
    if (msg.op === PdSessionOp.AllocRom) return this.allocRom(msg, caller);
    if (msg.op !== PdSessionOp.Create) return Err.BadOpcode;
    const name = msg.string(), ram = msg.u32(), caps = msg.u32(), fuel = msg.u32(), stack = msg.u32();
    // The probation of a swap of it (its <start probation_ms>): a later field, so optional.
    const probation = msg.remaining >= 4 ? msg.u32() : 0;
    const rom = msg.cap(0), parent = msg.cap(1), exit = msg.cap(2);
    if (!rom || !parent || !exit || parent.unwrapped || exit.unwrapped) return Err.BadMsg;
    const ownerLabel = this.core.labels.get(caller) ?? "?";
    const label = `${ownerLabel} -> ${name}`;
    const dropTransferred = () => {
      this.core.k.k_drop(0, parent.value);
      this.core.k.k_drop(0, exit.value);
    };
    const binary = this.binary(rom);
    if (typeof binary === "string") {
      dropTransferred();
      return this.refuse(msg, label, binary);
    }
    let child;
    try {
      child = this.core.createChild(caller, label, binary.name, ram, caps, parent.value, Rights.Call, fuel, stack, binary.bytes, binary.image, binary.envelope);
    } catch (e) {
      dropTransferred();
      if (!(e instanceof LoadError)) throw e;
      return this.refuse(msg, label, e.message);
    }
    if (typeof child === "number") {
      dropTransferred();
      return child;
    }
    this.core.k.k_pd_exit_signal(child.pd, 0, exit.value);
    if (probation > 0) this.core.live.probation.set(child.pd, probation);
    dropTransferred();
    // The parent learns which binary runs: its sha256, and whether it is the boot image's (an update's is not).
    const ran = this.core.binaries.get(child.pd)?.bytes ?? binary.bytes;
    const image = binary.image && ran === binary.bytes;
    msg.reply().putU32(child.control).putU32(child.pd).putString(sha256Of(ran)).putU32(image ? BinaryOrigin.Image : BinaryOrigin.Local);
    return Err.Ok;
  }

  /** A start refused before anything was created: the reply carries the reason for the parent to log. */
  private refuse(msg: Message, label: string, reason: string): number {
    this.core.sys.refused.push({ pd: -1, label, reason });
    msg.reply().putString(reason);
    return Err.Invalid;
  }
}

/** Core's PD service: a session for every client. */
export const pdService: CoreServiceMaker = (core) => ({
  name: "PD",
  cost: { ram: PdSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open: (request) => openSession(core, (badge) => new PdSession(core, badge, request.label)),
});
