// The parent interface core offers the top component: sessions of core's services, with quota donated.
import { Err, ParentOp, PdOp } from "../../abi.ts";
import type { Core } from "./core.ts";
import { Refusal, type SessionRequest } from "./core_service.ts";
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
        const id = msg.u32(), service = msg.string(), label = msg.string(), ram = msg.u32(), caps = msg.u32();
        const args = msg.string(); // only Report takes any: its buffer size
        const full = label === "" ? this.label : `${this.label} -> ${label}`;
        if (this.donations.has(id)) return Err.Invalid;
        if (!this.core.moveQuota(this.control, PdOp.Take, ram, caps)) return Err.Quota;
        const session = this.open(service, { label: full, args, ram });
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

  /** A session of core's service `name`, or why not. */
  private open(name: string, request: SessionRequest): Session | Refusal {
    const service = this.core.service(name);
    return service ? service.open(request) : new Refusal(Err.Denied, "core provides no such service");
  }
}
