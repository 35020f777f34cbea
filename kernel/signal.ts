// Signals: asynchronous, counting notifications, queued for delivery by the host's event loop.
import { Err, KReg, ObjType, Rights } from "./abi.ts";
import { lookup } from "./cap_space.ts";
import { objBadge, objOwner, objQnext, objValue, setObjQnext, setObjValue } from "./object.ts";
import { pdAlive } from "./pd.ts";
import { regs } from "./regs.ts";
import { get32, put32 } from "./state_io.ts";

// Pending signals form a FIFO through the objects' QNEXT field; a queued signal has count > 0.
let head: u32 = 0;
let tail: u32 = 0;

export function signalSubmitObj(obj: u32): void {
  const count = objValue(obj);
  if (count != 0xffffffff) setObjValue(obj, count + 1);
  if (count != 0) return; // already queued
  setObjQnext(obj, 0);
  if (tail != 0) setObjQnext(tail, obj);
  else head = obj;
  tail = obj;
}

/** The signal syscall: submit through a capability with the Signal right. */
export function signalSubmit(pd: u32, slot: u32): i32 {
  const obj = lookup(pd, slot, ObjType.Signal, Rights.Signal);
  if (obj < 0) return obj;
  signalSubmitObj(<u32>obj);
  return Err.Ok;
}

/** Removes a signal from the queue before it is destroyed. */
export function signalUnqueue(obj: u32): void {
  if (objValue(obj) == 0) return;
  let prev: u32 = 0;
  let cur = head;
  while (cur != 0 && cur != obj) { prev = cur; cur = objQnext(cur); }
  if (cur == 0) return;
  const next = objQnext(obj);
  if (prev != 0) setObjQnext(prev, next);
  else head = next;
  if (tail == obj) tail = prev;
  setObjValue(obj, 0);
}

/**
 * Takes the oldest pending signal: its receiver PD is returned, its badge and count are in
 * the registers. -1 when none is pending.
 */
export function signalNext(): i32 {
  while (head != 0) {
    const obj = head;
    head = objQnext(obj);
    if (head == 0) tail = 0;
    const count = objValue(obj);
    setObjValue(obj, 0);
    const pd = objOwner(obj);
    if (!pdAlive(pd)) continue;
    store<u32>(regs + (KReg.SigBadge << 2), objBadge(obj));
    store<u32>(regs + (KReg.SigCount << 2), count);
    return <i32>pd;
  }
  return -1;
}

/** Writes the queue's ends (its links are the objects' own, saved with them). */
export function signalSave(): void { put32(head); put32(tail); }

/** Reads what signalSave wrote; `objects`: the size of the object table. False when an end is not there. */
export function signalLoad(objects: u32): bool {
  head = get32();
  tail = get32();
  return head < objects && tail < objects && (head == 0) == (tail == 0);
}
