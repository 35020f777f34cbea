// The parent interface core offers the top component: sessions of core's services, with quota donated.
import { Err, ParentOp, PdOp } from "../../abi.ts";
import type { Core } from "./core.ts";
import { ClockSession } from "./clock_service.ts";
import { CpuSession } from "./cpu_service.ts";
import { LogSession } from "./log_service.ts";
import type { Message } from "./message.ts";
import { PdSession } from "./pd_service.ts";
import { ReportSession, bufferSizeOf } from "./report_service.ts";
import { RomSession } from "./rom_service.ts";
import type { Session } from "./session.ts";
import { StorageSession } from "./storage_service.ts";
import { TerminalSession } from "./terminal_service.ts";

/** A session opened through the parent interface, with the quota its client donated. */
interface Donation { badge: number; ram: number; caps: number }

export class ParentSession implements Session {
  slot = 0;
  child = -1;
  control = 0;
  /** Open sessions by the id the client named them with. */
  private donations = new Map<number, Donation>();

  constructor(private core: Core, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message): number {
    switch (msg.op) {
      case ParentOp.Session: {
        const id = msg.u32(), service = msg.string(), label = msg.string(), ram = msg.u32(), caps = msg.u32();
        const args = msg.string(); // only Report takes any: its buffer size
        const full = label === "" ? this.label : `${this.label} -> ${label}`;
        if (this.donations.has(id)) return Err.Invalid;
        if (!this.core.moveQuota(this.control, PdOp.Take, ram, caps)) return Err.Quota;
        const session = this.open(service, full, args, ram);
        if (typeof session === "number") {
          this.core.moveQuota(this.control, PdOp.Give, ram, caps);
          if (session === Err.Denied) this.core.sys.console.write(`[core] ${full}: "${service}" session denied: ${denial(service, this.core)}`);
          return session;
        }
        this.donations.set(id, { badge: session.badge, ram, caps });
        msg.reply().putCap(session.slot);
        return Err.Ok;
      }
      case ParentOp.Close: {
        const id = msg.u32();
        const d = this.donations.get(id);
        if (!d) return Err.Invalid;
        this.donations.delete(id);
        this.core.close(d.badge);
        this.core.moveQuota(this.control, PdOp.Give, d.ram, d.caps);
        msg.reply();
        return Err.Ok;
      }
      case ParentOp.Announce:
        // Nobody above core could use a service the top component offers.
        return Err.Denied;
      case ParentOp.SessionSigh:
        // Core decides every request at once: it never has news to signal.
        msg.reply();
        return Err.Ok;
      case ParentOp.SessionCap: {
        const d = this.donations.get(msg.u32());
        if (!d) return Err.Invalid;
        const s = this.core.sessionOf(d.badge);
        if (!s) return Err.Invalid;
        msg.reply().putCap(s.slot);
        return Err.Ok;
      }
      case ParentOp.Upgrade: {
        // Core's services need no more quota, but it holds what was donated until the close.
        const id = msg.u32(), ram = msg.u32(), caps = msg.u32();
        const d = this.donations.get(id);
        if (!d) return Err.Invalid;
        if (!this.core.moveQuota(this.control, PdOp.Take, ram, caps)) return Err.Quota;
        d.ram += ram;
        d.caps += caps;
        msg.reply();
        return Err.Ok;
      }
      case ParentOp.ResourceRequest:
        // Core has no quota beyond what it gave: the request stays unanswered, as in Genode.
        msg.string();
        msg.reply();
        return Err.Ok;
      case ParentOp.ResourceAvailSigh:
      case ParentOp.YieldSigh: {
        // Core never grants later nor asks back: it keeps no signal.
        const sig = msg.cap(0);
        if (!sig || sig.unwrapped || msg.capCount !== 1) return Err.BadMsg;
        this.core.k.k_drop(0, sig.value);
        msg.reply();
        return Err.Ok;
      }
      case ParentOp.YieldRequest:
        msg.reply().putString("");
        return Err.Ok;
      case ParentOp.YieldResponse:
        msg.reply();
        return Err.Ok;
      case ParentOp.HeartbeatSigh: {
        // Core watches no heartbeats: it keeps no signal.
        const sig = msg.cap(0);
        if (!sig || sig.unwrapped || msg.capCount !== 1) return Err.BadMsg;
        this.core.k.k_drop(0, sig.value);
        msg.reply();
        return Err.Ok;
      }
      case ParentOp.HeartbeatResponse:
        msg.reply();
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  private open(service: string, label: string, args: string, ram: number): Session | number {
    switch (service) {
      case "LOG": return this.core.open((b) => new LogSession(this.core, b, label));
      case "ROM": return this.core.open((b) => new RomSession(this.core, b, label));
      case "PD": return this.core.open((b) => new PdSession(this.core, b, label));
      // A component's CPU session: part of its environment in Genode's terms; Wasmode schedules by
      // activations, so the session is there to be routed and accounted, and serves no calls.
      case "CPU": return this.core.open((b) => new CpuSession(b, label));
      case "Clock": {
        // One device, one client: the timer component multiplexes it.
        if (this.core.clockInUse) return Err.Denied;
        const s = this.core.open((b) => new ClockSession(this.core, this.core.clock, b, label));
        if (typeof s !== "number") this.core.clockInUse = true;
        return s;
      }
      case "Terminal": {
        // One device, one client: the terminal component multiplexes it.
        const terminal = this.core.terminal;
        if (!terminal || this.core.terminalInUse) return Err.Denied;
        const s = this.core.open((b) => new TerminalSession(this.core, terminal, b, label));
        if (typeof s !== "number") this.core.terminalInUse = true;
        return s;
      }
      case "Storage": {
        // One device, one client: the fs component gives File_system sessions over it.
        const storage = this.core.storage;
        if (!storage || this.core.storageInUse) return Err.Denied;
        const s = this.core.open((b) => new StorageSession(this.core, storage, b, label));
        if (typeof s !== "number") this.core.storageInUse = true;
        return s;
      }
      case "Report": {
        // The buffer is paid from the donation, so a client cannot make core hold more than it gave.
        const size = bufferSizeOf(args);
        if (size === 0) return Err.Denied;
        if (size > ram) return Err.Quota;
        return this.core.open((b) => new ReportSession(this.core, b, label, size));
      }
      default: return Err.Denied;
    }
  }
}

/** Why core denied a session of `service`, for the log. */
function denial(service: string, core: Core): string {
  if (service === "Clock") return "the clock device is in use";
  if (service === "Terminal") return core.terminal ? "the terminal device is in use" : "the platform has no terminal device";
  if (service === "Report") return "the session arguments name no buffer_size";
  if (service === "Storage") return core.storage ? "the storage device is in use" : "the platform has no storage device (nothing persists)";
  return "core provides no such service";
}
