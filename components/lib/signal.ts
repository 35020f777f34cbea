// Signal handlers: asynchronous notifications, delivered after the current activation, with a count.
import { newBadge } from "./rpc.ts";
import { sys_signal_create, sys_derive, sys_drop } from "./syscalls.ts";
import { Rights } from "../../kernel/abi.ts";
import { sleepingForever } from "./component.ts";

export abstract class SignalHandler {
  badge: u32 = 0;
  /** The owner capability of the signal; 0 while not registered. */
  cap: i32 = 0;
  /** Called with the number of submits since the last delivery. */
  abstract handle(count: u32): void;
}

const handlers = new Map<u32, SignalHandler>();

/** Creates the signal behind `h`. Returns its capability slot, or an Err. */
export function register(h: SignalHandler): i32 {
  const badge = newBadge();
  const cap = sys_signal_create(badge);
  if (cap < 0) return cap;
  h.badge = badge;
  h.cap = cap;
  handlers.set(badge, h);
  return cap;
}

/** Registers `h` again under the badge and capability it had in the instance this one took over from. */
export function reinstateHandler(h: SignalHandler, badge: u32, cap: i32): void {
  h.badge = badge;
  h.cap = cap;
  handlers.set(badge, h);
}

/** A capability others may submit through, and pass on. */
export function submitCap(h: SignalHandler): i32 {
  return sys_derive(h.cap, Rights.Signal | Rights.Transfer);
}

export function unregister(h: SignalHandler): void {
  if (h.cap == 0) return;
  handlers.delete(h.badge);
  sys_drop(h.cap);
  h.cap = 0;
}

/** The entry of every signal delivered to this component (exported as __signal). */
export function deliver(badge: u32, count: u32): void {
  // A component blocked for good (component.sleepForever) handles nothing any more.
  if (sleepingForever()) return;
  if (handlers.has(badge)) handlers.get(badge).handle(count);
}
