// Core's ROM service: boot modules, named by the last element of the session label; core's config, recent log and the top init's state report for the top init alone.
import { Err, Msg } from "../../abi.ts";
import { RomOp, RomSessionQuota } from "../../../components/rom_session/protocol.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { RomDataspace } from "./rom_dataspace.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";

/** The module a ROM session label asks for: its last element (`init -> hello` asks for `hello`). */
export function romName(label: string): string {
  const i = label.lastIndexOf(" -> ");
  return i < 0 ? label : label.slice(i + 4);
}

/**
 * Whether `label` may read `module`. Core's `config` (init's whole config, with every child's
 * inline one), the recent log and its own state report go to the top init alone: to a label of exactly two elements,
 * `<top> -> config`, which only the top init's own request or a rewrite by its route
 * (`<parent label="log"/>`) makes; a child's request has its name in between (SEMANTICS.md
 * RT7: Wasmode is stricter than Genode here). Every other module is served to whoever asks by its last element, as in Genode.
 */
export function romVisible(core: Core, label: string, module: string): boolean {
  if (!core.topOnly(module)) return true;
  return core.topName !== "" && label === `${core.topName} -> ${module}`;
}

export class RomSession implements Session {
  slot = 0;
  readonly module: string;
  /** False for a module core keeps for the top init (romVisible): the session reads as if there were none. */
  readonly visible: boolean;
  /** Core's copy of the client's signal for changes of the module; 0 when none. */
  sigh = 0;
  account?: SessionAccount;
  /** The ROM dataspace of its module (RomOp.Dataspace), made at the first ask, gone with the session or a new version. */
  private dataspace: RomDataspace | null = null;

  constructor(private core: Core, readonly badge: number, readonly label: string) {
    this.module = romName(label);
    this.visible = romVisible(core, label, this.module);
  }

  get bytes(): Uint8Array | undefined { return this.visible ? this.core.rom(this.module) : undefined; }

  dispatch(msg: Message): number {
    const bytes = this.bytes;
    switch (msg.op) {
      case RomOp.Info:
        if (!bytes) return Err.NotFound;
        msg.reply().putU32(bytes.length).putU32(this.core.romVersion(this.module));
        return Err.Ok;
      case RomOp.Read: {
        const offset = msg.u32(), length = msg.u32();
        if (!bytes) return Err.NotFound;
        if (offset > bytes.length) return Err.Invalid;
        const n = Math.min(length, bytes.length - offset, Msg.MaxPayload - 4);
        msg.reply().putBlob(bytes.subarray(offset, offset + n));
        return Err.Ok;
      }
      case RomOp.Sigh: {
        // Submitted when the module changes (core.updateRom: a new config for a running system).
        const cap = msg.cap(0);
        if (!cap || cap.unwrapped) return Err.BadMsg;
        // A new signal replaces the old one, paid for already; the first is paid from the donation.
        if (this.sigh) this.core.k.k_drop(CORE_PD, this.sigh);
        else if (!chargeKept(this.account)) return refuseKeeping(msg);
        this.sigh = cap.value;
        // A session that cannot read its module hears nothing of it either (a log line's timing, say).
        if (this.visible) this.core.watchRom(this, true);
        msg.keep(0);
        msg.reply();
        return Err.Ok;
      }
      case RomOp.Dataspace: {
        if (!bytes) return Err.NotFound;
        let ds = this.dataspace;
        if (ds && ds.bytes !== bytes) {
          this.core.close(ds.badge);
          ds = null;
        }
        if (!ds) {
          // Core's own copy of a boot module: its bytes, shared, charged to nobody.
          const made = this.core.open((badge) => new RomDataspace(this.core, badge, this.label, this.module, bytes, null));
          if (typeof made === "number") return made;
          ds = this.dataspace = made;
        }
        msg.reply().putCap(ds.slot);
        return Err.Ok;
      }
      default:
        return Err.BadOpcode;
    }
  }

  close(): void {
    if (this.dataspace) this.core.close(this.dataspace.badge);
    this.dataspace = null;
    if (this.sigh) {
      this.core.k.k_drop(CORE_PD, this.sigh);
      releaseKept(this.account);
    }
    this.core.watchRom(this, false);
    this.sigh = 0;
  }
}

/** Core's ROM service: a session for every client, of the module its label names. */
export const romService: CoreServiceMaker = (core) => ({
  name: "ROM",
  cost: { ram: RomSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open: (request) => {
    const session = openSession(core, (badge) => new RomSession(core, badge, request.label));
    if (session instanceof RomSession && !session.visible) {
      core.sys.console.write(`[core] ${request.label}: ROM "${session.module}" is the top init's alone (route it there on purpose: README, "What a component can read")`);
    }
    return session;
  },
});
