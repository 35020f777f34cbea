// Heartbeats: every component answers its parent's heartbeat signal from its signal handling, so a blocked one shows as unresponsive.
//
// As in Genode, the handler is installed before the component's own code runs (exports.ts imports
// this file first): the parent may probe any child, and a child answers as long as it returns to
// handling signals. One that blocks for good (component.sleepForever) answers no more.
import { ParentOp, Slot } from "../../kernel/abi.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";
import { SignalHandler, register, submitCap } from "./signal.ts";
import { sys_drop } from "./syscalls.ts";
import { takingOver } from "./takeover.ts";

class Heartbeat extends SignalHandler {
  handle(count: u32): void {
    msg.begin(ParentOp.HeartbeatResponse);
    call(Slot.Parent);
  }
}

let beat: Heartbeat | null = null;

/** The heartbeat handler: registered, or (in an instance taking over) waiting for its badge from the snapshot. */
export function heartbeat(): SignalHandler | null { return beat; }

/**
 * Gives the parent the heartbeat signal; a parent that does not watch heartbeats may refuse it.
 * An instance taking over (a live swap) gets the old one's handler from the snapshot instead.
 */
function install(): void {
  const h = new Heartbeat();
  beat = h;
  if (takingOver()) return;
  if (register(h) < 0) return;
  const cap = submitCap(h);
  if (cap < 0) return;
  msg.begin(ParentOp.HeartbeatSigh);
  msg.putCap(cap);
  call(Slot.Parent);
  // The transfer gave the parent its own copy.
  sys_drop(cap);
}

install();
