// The parent interface core offers the top component: sessions of core's services, with quota donated.
import { EnvSession, Err, ParentOp, PdOp } from "../../abi.ts";
import type { Core } from "./core.ts";
import { openPaid, Refusal } from "./core_service.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";

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
        const id = msg.u32(), service = msg.string(), label = msg.string();
        let ram = msg.u32(), caps = msg.u32();
        const args = msg.string(); // only Report takes any: its buffer size
        const full = label === "" ? this.label : `${this.label} -> ${label}`;
        if (this.donations.has(id)) return Err.Invalid;
        const offered = this.core.service(service);
        if (!offered) {
          this.core.sys.console.write(`[core] ${full}: "${service}" session denied: core provides no such service`);
          return Err.Denied;
        }
        // The top component's environment (its LOG, say, asked for without a donation) is paid from
        // its own quota, as a child's environment is paid from what its parent assigned it.
        if (id < EnvSession.FirstFree) {
          ram = Math.max(ram, offered.cost.ram);
          caps = Math.max(caps, offered.cost.caps);
        }
        // The client pays for its session: the donation moves into core's quota, and core's state
        // for the session is paid from it (openPaid), never from core's own.
        if (!this.core.moveQuota(this.control, PdOp.Take, ram, caps)) return Err.Quota;
        const session = openPaid(offered, { label: full, args, ram, caps });
        if (session instanceof Refusal) {
          this.core.moveQuota(this.control, PdOp.Give, ram, caps);
          if (session.error === Err.Denied) this.core.sys.console.write(`[core] ${full}: "${service}" session denied: ${session.reason}`);
          return session.error;
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
        // More for the session's state (a signal core keeps, say); core holds it until the close.
        const id = msg.u32(), ram = msg.u32(), caps = msg.u32();
        const d = this.donations.get(id);
        if (!d) return Err.Invalid;
        if (!this.core.moveQuota(this.control, PdOp.Take, ram, caps)) return Err.Quota;
        d.ram += ram;
        d.caps += caps;
        this.core.sessionOf(d.badge)?.account?.upgrade(ram, caps);
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
}
