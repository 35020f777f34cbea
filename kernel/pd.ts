// Protection domains: the table of PDs, their quotas, their place in the tree, and their death.
import { Err, KReg, ObjType, PdState, Rights } from "./abi.ts";
import { reg, setReg } from "./regs.ts";
import { kgrow } from "./alloc.ts";
import { cspaceFree, cspaceInit, cspaceLoad, cspaceSave, install, slotObj } from "./cap_space.ts";
import { objCreate, objDestroy, objGen, objLive, objType, objValue } from "./object.ts";
import { signalSubmitObj, signalUnqueue } from "./signal.ts";
import { get32, get64, put32, put64, remaining } from "./state_io.ts";

// Record layout.
const LIVE: usize = 0;       // one of the Live values below
const GEN: usize = 4;
const PARENT: usize = 8;
const STATE: usize = 12;     // PdState
const CODE: usize = 16;      // exit code
const RAM_QUOTA: usize = 24; // u64: bytes this PD holds (its own use and what it may give on)
const RAM_USED: usize = 32;  // u64: bytes its memory takes
const CAP_QUOTA: usize = 40;
const CAP_USED: usize = 44;
const CSPACE: usize = 48;
const CSPACE_SIZE: usize = 52;
const OBJECTS: usize = 56;   // head of the list of objects it owns
const CHILD: usize = 60;
const NEXT: usize = 64;
const PREV: usize = 68;
const ON_CHAIN: usize = 72;
const EXIT_SIG: usize = 76;  // signal submitted to the parent when it dies
const EXIT_SIG_GEN: usize = 80;
const CONTROL: usize = 84;   // the PD object its parent holds
const FREE_HINT: usize = 88;
const DEAD_NEXT: usize = 92; // link in the queue of deaths the host has not yet been told of
const WIDTH: usize = 96;

// A record is reused only when the host has reclaimed the instance, the parent let go of it and it
// has left the call chain, so the host never confuses a new PD with a dead one.
const FREE: u32 = 0;
const RUNNING: u32 = 1;
const DEAD: u32 = 2;          // the host has not yet reclaimed it
const RECLAIMED: u32 = 3;     // the host has; the parent still holds its PD object
const RELEASED: u32 = 4;      // the parent let go; the host has not yet reclaimed it
const UNWINDING: u32 = 5;     // both let go, but it is still on the call chain: freed when it leaves

const NONE: u32 = 0xffffffff;

let table: usize = 0;
let capacity: u32 = 0;
let used: u32 = 0;
let freeHead: u32 = NONE;

let deadHead: u32 = NONE;
let deadTail: u32 = NONE;

@inline function rec(pd: u32): usize { return table + <usize>pd * WIDTH; }

export function pdValid(pd: u32): bool { return pd < used && load<u32>(rec(pd) + LIVE) != FREE; }
export function pdAlive(pd: u32): bool { return pd < used && load<u32>(rec(pd) + LIVE) == RUNNING; }
export function pdParent(pd: u32): u32 { return load<u32>(rec(pd) + PARENT); }
export function pdState(pd: u32): u32 { return load<u32>(rec(pd) + STATE); }
export function pdCode(pd: u32): i32 { return load<i32>(rec(pd) + CODE); }
export function pdRamQuota(pd: u32): u64 { return load<u64>(rec(pd) + RAM_QUOTA); }
export function pdRamUsed(pd: u32): u64 { return load<u64>(rec(pd) + RAM_USED); }
export function pdCapQuota(pd: u32): u32 { return load<u32>(rec(pd) + CAP_QUOTA); }
export function pdCapUsed(pd: u32): u32 { return load<u32>(rec(pd) + CAP_USED); }
export function setPdCapUsed(pd: u32, n: u32): void { store<u32>(rec(pd) + CAP_USED, n); }
export function pdCspace(pd: u32): usize { return <usize>load<u32>(rec(pd) + CSPACE); }
export function pdCspaceSize(pd: u32): u32 { return load<u32>(rec(pd) + CSPACE_SIZE); }
export function setPdCspace(pd: u32, p: usize, size: u32): void {
  store<u32>(rec(pd) + CSPACE, <u32>p);
  store<u32>(rec(pd) + CSPACE_SIZE, size);
}
export function pdFreeHint(pd: u32): u32 { return load<u32>(rec(pd) + FREE_HINT); }
export function setPdFreeHint(pd: u32, s: u32): void { store<u32>(rec(pd) + FREE_HINT, s); }
export function pdObjects(pd: u32): u32 { return load<u32>(rec(pd) + OBJECTS); }
export function pdOnChain(pd: u32): u32 { return load<u32>(rec(pd) + ON_CHAIN); }
export function setPdOnChain(pd: u32, n: u32): void { store<u32>(rec(pd) + ON_CHAIN, n); }
export function pdCount(): u32 { return used; }

/** RAM the PD holds but does not use: what it may give away. */
export function pdRamFree(pd: u32): u64 {
  const q = pdRamQuota(pd), u = pdRamUsed(pd);
  return q > u ? q - u : 0;
}

function setRamQuota(pd: u32, v: u64): void { store<u64>(rec(pd) + RAM_QUOTA, v); }
function setCapQuota(pd: u32, v: u32): void { store<u32>(rec(pd) + CAP_QUOTA, v); }

/** Records the size of the PD's memory; fails when it exceeds the PD's quota. */
export function pdSetRamUsed(pd: u32, bytes: u64): i32 {
  if (bytes > pdRamQuota(pd)) return Err.Quota;
  store<u64>(rec(pd) + RAM_USED, bytes);
  return Err.Ok;
}

/** Creates an object owned by `pd` and installs the owner's capability. Returns the slot or an error. */
export function pdCreateObject(pd: u32, type: u32, badge: u32, value: u32): i32 {
  if (pdCapUsed(pd) >= pdCapQuota(pd)) return Err.Quota;
  const obj = objCreate(type, pd, badge, value, pdObjects(pd));
  if (obj == 0) return Err.NoSpace;
  store<u32>(rec(pd) + OBJECTS, obj);
  const slot = install(pd, obj, objGen(obj), Rights.All, 0);
  if (slot < 0) store<u32>(rec(pd) + OBJECTS, objDestroy(obj, obj));
  return slot;
}

/** Destroys an object of `pd`: every capability to it is revoked. */
export function pdDestroyObject(pd: u32, obj: u32): void {
  const type = objType(obj);
  if (type == ObjType.Signal) signalUnqueue(obj);
  const target = type == ObjType.Pd ? objValue(obj) : NONE;
  store<u32>(rec(pd) + OBJECTS, objDestroy(obj, pdObjects(pd)));
  // A PD object going away kills the PD it controls, and frees its record once it is dead.
  if (target != NONE) {
    pdKill(target, PdState.Killed, 0);
    release(target);
  }
}

/**
 * Creates a child of `parent` with the given quotas, taken from the parent's.
 * Returns the new PD's number or an error.
 */
export function pdCreate(parent: u32, ram: u64, caps: u32): i32 {
  if (parent != NONE) {
    if (!pdAlive(parent)) return Err.Dead;
    if (pdRamFree(parent) < ram) return Err.Quota;
    // The parent keeps one capability for the PD object it receives. In 64 bits: `caps` comes
    // from a component (core's PD service) and may be 2^32 - 1.
    if (<u64>pdCapQuota(parent) < <u64>pdCapUsed(parent) + <u64>caps + 1) return Err.Quota;
    if (caps < 1) return Err.Quota;
  }
  let pd = freeHead;
  if (pd != NONE) {
    freeHead = load<u32>(rec(pd) + NEXT);
  } else {
    if (used == capacity) {
      const n = capacity == 0 ? 64 : capacity * 2;
      const t = kgrow(table, WIDTH, capacity, n);
      if (t == 0) return Err.NoSpace;
      table = t;
      capacity = n;
    }
    pd = used++;
  }
  const r = rec(pd);
  const gen = load<u32>(r + GEN);
  memory.fill(r, 0, WIDTH);
  store<u32>(r + GEN, gen + 1);
  store<u32>(r + LIVE, RUNNING);
  store<u32>(r + PARENT, parent);
  setRamQuota(pd, ram);
  setCapQuota(pd, caps);
  if (!cspaceInit(pd)) {
    store<u32>(r + LIVE, FREE);
    store<u32>(r + NEXT, freeHead);
    freeHead = pd;
    return Err.NoSpace;
  }
  if (parent != NONE) {
    setRamQuota(parent, pdRamQuota(parent) - ram);
    setCapQuota(parent, pdCapQuota(parent) - caps);
    const first = load<u32>(rec(parent) + CHILD);
    store<u32>(r + NEXT, first);
    store<u32>(r + PREV, NONE);
    if (first != NONE) store<u32>(rec(first) + PREV, pd);
    store<u32>(rec(parent) + CHILD, pd);
  } else {
    store<u32>(r + NEXT, NONE);
    store<u32>(r + PREV, NONE);
  }
  store<u32>(r + CHILD, NONE);
  store<u32>(r + CONTROL, 0);
  return <i32>pd;
}

/** Gives the parent a PD object for `child`: the capability to control it. Returns the parent's slot. */
export function pdMakeControl(child: u32): i32 {
  const parent = pdParent(child);
  const slot = pdCreateObject(parent, ObjType.Pd, 0, child);
  if (slot >= 0) store<u32>(rec(child) + CONTROL, slotObj(parent, <u32>slot));
  return slot;
}

/** The signal (owned by the parent) submitted when `pd` dies. */
export function pdSetExitSignal(pd: u32, obj: u32): void {
  store<u32>(rec(pd) + EXIT_SIG, obj);
  store<u32>(rec(pd) + EXIT_SIG_GEN, objGen(obj));
}

/** Moves quota between a parent and its child, in either direction. */
export function pdMoveQuota(from: u32, to: u32, ram: u64, caps: u32): i32 {
  if (!pdAlive(from) || !pdAlive(to)) return Err.Dead;
  if (pdRamFree(from) < ram) return Err.Quota;
  if (<u64>pdCapQuota(from) < <u64>pdCapUsed(from) + <u64>caps) return Err.Quota; // 64 bits: `caps` is any u32
  setRamQuota(from, pdRamQuota(from) - ram);
  setRamQuota(to, pdRamQuota(to) + ram);
  setCapQuota(from, pdCapQuota(from) - caps);
  setCapQuota(to, pdCapQuota(to) + caps);
  return Err.Ok;
}

/**
 * Kills a PD and, first, all its children: its objects are destroyed (every capability to them
 * turns stale, so its clients get errors), its quota returns to its parent, and the parent's
 * exit signal is submitted. The record stays until the parent drops its PD object.
 */
export function pdKill(pd: u32, state: u32, code: i32): void {
  if (!pdAlive(pd)) return;
  const r = rec(pd);
  store<u32>(r + LIVE, DEAD);
  store<u32>(r + STATE, state);
  store<i32>(r + CODE, code);
  // Children die with their parent.
  let child = load<u32>(r + CHILD);
  while (child != NONE) {
    const next = load<u32>(rec(child) + NEXT);
    pdKill(child, PdState.Killed, 0);
    child = next;
  }
  // Revoke everything it owns; PD objects among them release their (now dead) children.
  let obj = pdObjects(pd);
  while (obj != 0) {
    pdDestroyObject(pd, obj);
    obj = pdObjects(pd);
  }
  cspaceFree(pd);
  const parent = pdParent(pd);
  if (parent != NONE) {
    setRamQuota(parent, pdRamQuota(parent) + pdRamQuota(pd));
    setCapQuota(parent, pdCapQuota(parent) + pdCapQuota(pd));
    const sig = load<u32>(r + EXIT_SIG);
    if (sig != 0 && objLive(sig, load<u32>(r + EXIT_SIG_GEN))) signalSubmitObj(sig);
  }
  setRamQuota(pd, 0);
  setCapQuota(pd, 0);
  store<u64>(r + RAM_USED, 0);
  setReg(KReg.Deaths, reg(KReg.Deaths) + 1);
  store<u32>(r + DEAD_NEXT, NONE);
  if (deadTail != NONE) store<u32>(rec(deadTail) + DEAD_NEXT, pd);
  else deadHead = pd;
  deadTail = pd;
}

/** The next PD that died since the host last asked, or -1; the host then drops its instance. */
export function pdNextDead(): i32 {
  const pd = deadHead;
  if (pd == NONE) return -1;
  const r = rec(pd);
  deadHead = load<u32>(r + DEAD_NEXT);
  if (deadHead == NONE) deadTail = NONE;
  if (load<u32>(r + LIVE) == RELEASED) free(pd);
  else store<u32>(r + LIVE, RECLAIMED);
  return <i32>pd;
}

/** The parent let go of a dead PD: unlink it from the tree and free it once the host reclaimed it. */
function release(pd: u32): void {
  const live = pd < used ? load<u32>(rec(pd) + LIVE) : FREE;
  if (live != DEAD && live != RECLAIMED) return;
  const r = rec(pd);
  const parent = pdParent(pd);
  const next = load<u32>(r + NEXT), prev = load<u32>(r + PREV);
  if (prev != NONE) store<u32>(rec(prev) + NEXT, next);
  else if (parent != NONE) store<u32>(rec(parent) + CHILD, next);
  if (next != NONE) store<u32>(rec(next) + PREV, prev);
  if (live == RECLAIMED) free(pd);
  else store<u32>(r + LIVE, RELEASED);
}

function free(pd: u32): void {
  const r = rec(pd);
  // The host is still unwinding its frames and will name it in k_reply or k_leave: a new PD under
  // that number would be taken off the chain, or handed the reply's capabilities.
  if (load<u32>(r + ON_CHAIN) != 0) {
    store<u32>(r + LIVE, UNWINDING);
    return;
  }
  store<u32>(r + LIVE, FREE);
  store<u32>(r + NEXT, freeHead);
  freeHead = pd;
}

/** `pd` left the call chain: if it is dead and nobody holds it any more, its record is free now. */
export function pdLeftChain(pd: u32): void {
  if (load<u32>(rec(pd) + LIVE) == UNWINDING) free(pd);
}

/** The parent's PD object for this PD, or 0. */
export function pdControl(pd: u32): u32 { return load<u32>(rec(pd) + CONTROL); }

/** Word fields in the order a saved state carries them (kernel/state.ts), then RAM_QUOTA and RAM_USED, then the slots. */
const SAVED: StaticArray<usize> = [LIVE, GEN, PARENT, STATE, CODE, CAP_QUOTA, CAP_USED, OBJECTS, CHILD, NEXT, PREV, ON_CHAIN, EXIT_SIG, EXIT_SIG_GEN, CONTROL, FREE_HINT, DEAD_NEXT];
/** PD fields that name another PD (or NONE), and those that name an object (or 0). */
const PD_LINKS: StaticArray<usize> = [PARENT, CHILD, NEXT, PREV, DEAD_NEXT];
const OBJ_LINKS: StaticArray<usize> = [OBJECTS, EXIT_SIG, CONTROL];

/** Writes the PD table, its free list and the queue of deaths, and each PD's capability space. */
export function pdSave(): void {
  put32(used);
  put32(freeHead);
  put32(deadHead);
  put32(deadTail);
  for (let pd: u32 = 0; pd < used; pd++) {
    const r = rec(pd);
    for (let f = 0; f < SAVED.length; f++) put32(load<u32>(r + SAVED[f]));
    put64(pdRamQuota(pd));
    put64(pdRamUsed(pd));
    cspaceSave(pd);
  }
}

@inline function pdOrNone(v: u32, n: u32): bool { return v == NONE || v < n; }

/** Reads what pdSave wrote into this kernel, which has no PD yet; `objects`: the size of the object table. False when it does not fit. */
export function pdLoad(objects: u32): bool {
  const n = get32(), free = get32(), dh = get32(), dt = get32();
  if (<u64>n * <u64>((SAVED.length + 4) << 2) > <u64>remaining()) return false;
  if (!pdOrNone(free, n) || !pdOrNone(dh, n) || !pdOrNone(dt, n)) return false;
  let cap: u32 = 64;
  while (cap < n) cap <<= 1;
  const t = kgrow(0, WIDTH, 0, cap);
  if (t == 0) return false;
  table = t;
  capacity = cap;
  used = n;
  freeHead = free;
  deadHead = dh;
  deadTail = dt;
  for (let pd: u32 = 0; pd < n; pd++) {
    const r = rec(pd);
    for (let f = 0; f < SAVED.length; f++) store<u32>(r + SAVED[f], get32());
    setRamQuota(pd, get64());
    store<u64>(r + RAM_USED, get64());
    // The chain is empty when a state is saved: a PD on it would never leave.
    if (load<u32>(r + LIVE) > UNWINDING || load<u32>(r + ON_CHAIN) != 0) return false;
    for (let f = 0; f < PD_LINKS.length; f++) if (!pdOrNone(load<u32>(r + PD_LINKS[f]), n)) return false;
    for (let f = 0; f < OBJ_LINKS.length; f++) if (load<u32>(r + OBJ_LINKS[f]) >= objects) return false;
    if (!cspaceLoad(pd, objects)) return false;
  }
  return true;
}
