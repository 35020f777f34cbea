// Core's PD service: a client creates its children, each from a binary of a ROM session of core's.
import { Err, Rights } from "../../abi.ts";
import { PdSessionOp, PdSessionQuota } from "../../../components/pd_session/protocol.ts";
import { Component } from "../component.ts";
import { LoadError } from "../errors.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { RomSession } from "./rom_service.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";

/** RAM a component holds outside its memory, by the handle AllocRam gave it. */
interface Dataspace { owner: Component; bytes: number }

export class PdSession implements Session {
  slot = 0;
  private dataspaces = new Map<number, Dataspace>();
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
      this.dataspaces.set(handle, { owner, bytes });
      msg.reply().putU32(handle);
      return Err.Ok;
    }
    const handle = msg.u32();
    const ds = this.dataspaces.get(handle);
    if (!ds || ds.owner !== owner) return Err.Invalid;
    this.release(handle, ds);
    msg.reply();
    return Err.Ok;
  }

  private release(handle: number, ds: Dataspace): void {
    this.dataspaces.delete(handle);
    ds.owner.dataspaceBytes -= ds.bytes;
    // A dead owner's use went to zero with it; only a live one is told.
    if (this.core.sys.servers[ds.owner.pd] === ds.owner) this.core.k.k_ram_used(ds.owner.pd, ds.owner.ramBytes);
  }

  /** The session closes: RAM allocated through it is freed. */
  close(): void {
    for (const [handle, ds] of [...this.dataspaces]) this.release(handle, ds);
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
    if (msg.op !== PdSessionOp.Create) return Err.BadOpcode;
    const name = msg.string(), ram = msg.u32(), caps = msg.u32(), fuel = msg.u32(), stack = msg.u32();
    const rom = msg.cap(0), parent = msg.cap(1), exit = msg.cap(2);
    if (!rom || !parent || !exit || parent.unwrapped || exit.unwrapped) return Err.BadMsg;
    const session = rom.unwrapped ? this.core.sessionOf(rom.value) : undefined;
    const ownerLabel = this.core.labels.get(caller) ?? "?";
    const label = `${ownerLabel} -> ${name}`;
    const dropTransferred = () => {
      this.core.k.k_drop(0, parent.value);
      this.core.k.k_drop(0, exit.value);
    };
    if (!(session instanceof RomSession)) {
      dropTransferred();
      return this.refuse(msg, label, "its binary must come from a ROM session of core's");
    }
    if (!session.visible) {
      dropTransferred();
      return this.refuse(msg, label, `no binary "${session.module}" for this label`);
    }
    let child;
    try {
      child = this.core.createChild(caller, label, session.module, ram, caps, parent.value, Rights.Call, fuel, stack);
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
    dropTransferred();
    msg.reply().putU32(child.control).putU32(child.pd);
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
