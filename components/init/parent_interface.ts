// The parent interface init gives each child: sessions, announcements, signals, heartbeats, quota; each call to the part that handles it.
import { EnvSession, Err, ParentOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { prefixedLabel } from "../lib/strings.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { SessionBroker } from "./child_sessions.ts";
import { Child, ParentCalls } from "./child.ts";
import { Heartbeat } from "./heartbeat.ts";
import { Resources } from "./resources.ts";
import { AnnounceRetry } from "./retry.ts";
import { ServerSide } from "./server_side.ts";
import { Announcement, Services } from "./services.ts";

/** The capability of environment session `id`, or Err.Pending while it waits for its server. */
function envSession(c: Child, id: u32): i32 {
  if (c.sessions.has(id)) {
    msg.begin();
    msg.putCap(c.sessions.get(id).cap);
    return Err.Ok;
  }
  for (let i = 0; i < c.stalled.length; i++) if (c.stalled[i].id == id) return Err.Pending;
  return c.denied.has(id) ? c.denied.get(id).error : Err.Denied;
}

export class ParentInterface extends ParentCalls {
  constructor(private broker: SessionBroker, private services: Services, private retry: AnnounceRetry,
    private heartbeat: Heartbeat, private serverSide: ServerSide, private resources: Resources) { super(); }

  /** A call of `c`'s parent interface. */
  call(c: Child, op: i32): i32 {
    if (op == ParentOp.Session) {
      const id = msg.getU32(), service = msg.getString(), label = msg.getString();
      const ram = msg.getU32(), caps = msg.getU32(), args = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      // Environment sessions are init's to open: the child may only fetch them.
      if (id < <u32>EnvSession.FirstFree) return envSession(c, id);
      return this.broker.open(c, id, service, prefixedLabel(c.name, label), ram, caps, args);
    }
    if (op == ParentOp.Close) {
      const id = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (id < <u32>EnvSession.FirstFree) { msg.begin(); return Err.Ok; }
      if (!c.sessions.has(id)) return Err.Invalid;
      this.broker.close(c, c.sessions.get(id), true);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.Announce) {
      const service = msg.getString();
      if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (!c.start.provide(service)) {
        c.log.write(c.name + ": illegal announcement of service \"" + service + "\"");
        return Err.Denied;
      }
      this.services.announce(new Announcement(service, c.name, msg.getCap(0)));
      // Whoever waited for this service gets its answer, but not within this call: the announcing
      // child is on the call chain, so its root could not be called now. A signal to ourselves
      // runs the retry as an activation of its own, after this call returned.
      this.retry.later(service);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.SessionSigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (c.sessionSignal > 0) sys_drop(c.sessionSignal);
      c.sessionSignal = msg.getCap(0);
      msg.begin();
      return Err.Ok;
    }
    if (op == ParentOp.SessionCap) {
      const id = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (c.sessions.has(id)) {
        msg.begin();
        msg.putCap(c.sessions.get(id).cap);
        return Err.Ok;
      }
      if (c.denied.has(id)) {
        const why = c.denied.get(id).error;
        if (id >= <u32>EnvSession.FirstFree) c.denied.delete(id);
        return why;
      }
      for (let i = 0; i < c.stalled.length; i++) if (c.stalled[i].id == id) return Err.Pending;
      return Err.Invalid;
    }
    if (op == ParentOp.HeartbeatSigh || op == ParentOp.HeartbeatResponse) return this.heartbeat.op(c, op);
    if (op == ParentOp.DeliverSession || op == ParentOp.SessionResponse) return this.serverSide.serverAnswerOp(c, op);
    if (op == ParentOp.Upgrade) return this.resources.upgradeSession(c);
    if (op >= ParentOp.ResourceRequest && op <= ParentOp.YieldResponse) return this.resources.resourceOp(c, op);
    return Err.BadOpcode;
  }
}
