// Session requests the parent has not decided yet: asked again when the parent signals.
//
// As in Genode's parent interface, a session request whose server is not there yet stalls: the
// parent answers Err.Pending and submits the component's session signal once it decided. This
// component does not block meanwhile; the connection's ready() runs when the answer is in.
import { Err, ParentOp, Slot } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";
import { SignalHandler, register, submitCap } from "./signal.ts";

/** What waits for a session: a connection, told by settle(). */
export abstract class Waiter {
  abstract sessionId(): u32;
  /** The parent decided: a capability (> 0) or an Err. */
  abstract settle(result: i32): void;
}

const waiting = new Array<Waiter>();
let handler: SessionSignal | null = null;

class SessionSignal extends SignalHandler {
  handle(count: u32): void { askAgain(); }
}

/** Asks the parent for the capability of a pending session: a capability, Err.Pending, or an Err. */
export function sessionCap(id: u32): i32 {
  msg.begin(ParentOp.SessionCap);
  msg.putU32(id);
  const r = call(Slot.Parent);
  if (r < 0) return r;
  return msg.capCount() == 1 ? msg.getCap(0) : Err.BadMsg;
}

/** The handler of the parent's session signal, once registered: a live swap carries it. */
export function sessionSignal(): SignalHandler | null { return handler; }

/** Takes the session signal's handler over from the instance this one replaces (live_state.ts). */
export function reinstateSessionSignal(): SignalHandler {
  const h = new SessionSignal();
  handler = h;
  return h;
}

/** Waits for the parent's decision on `w`'s session. */
export function wait(w: Waiter): void {
  if (handler == null) {
    const h = new SessionSignal();
    handler = h;
    register(h);
    msg.begin(ParentOp.SessionSigh);
    msg.putCap(submitCap(h));
    call(Slot.Parent);
  }
  waiting.push(w);
}

function askAgain(): void {
  // Settling may start new requests (and so change `waiting`): work on a copy.
  const now = waiting.slice(0);
  waiting.length = 0;
  for (let i = 0; i < now.length; i++) {
    const w = now[i];
    const r = sessionCap(w.sessionId());
    if (r == Err.Pending) waiting.push(w);
    else w.settle(r);
  }
}
