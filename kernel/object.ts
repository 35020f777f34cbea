// Kernel objects (endpoints, signals, PD objects): a table of records with generations, so that
// destroying an object revokes every capability to it at once.
import { ObjType } from "./abi.ts";
import { kgrow } from "./alloc.ts";
import { get32, put32, remaining } from "./state_io.ts";

// Record layout, 32 bytes.
const TYPE: usize = 0;   // ObjType
const GEN: usize = 4;    // bumped on destroy: capabilities with an older generation are stale
const OWNER: usize = 8;  // PD that serves (endpoint), receives (signal) or holds (PD object) it
const BADGE: usize = 12; // endpoint and signal badge
const VALUE: usize = 16; // signal: pending count; PD object: the PD it controls
const QNEXT: usize = 20; // signal: next in the pending queue; free record: next free
const ONEXT: usize = 24; // next object of the same owner
const OPREV: usize = 28; // previous object of the same owner
const WIDTH: usize = 32;

let table: usize = 0;
let capacity: u32 = 0;
let used: u32 = 1; // record 0 is the null object
let freeHead: u32 = 0;

@inline function rec(id: u32): usize { return table + <usize>id * WIDTH; }

export function objType(id: u32): u32 { return load<u32>(rec(id) + TYPE); }
export function objGen(id: u32): u32 { return load<u32>(rec(id) + GEN); }
export function objOwner(id: u32): u32 { return load<u32>(rec(id) + OWNER); }
export function objBadge(id: u32): u32 { return load<u32>(rec(id) + BADGE); }
export function objValue(id: u32): u32 { return load<u32>(rec(id) + VALUE); }
export function setObjValue(id: u32, v: u32): void { store<u32>(rec(id) + VALUE, v); }
export function objQnext(id: u32): u32 { return load<u32>(rec(id) + QNEXT); }
export function setObjQnext(id: u32, v: u32): void { store<u32>(rec(id) + QNEXT, v); }
export function objOnext(id: u32): u32 { return load<u32>(rec(id) + ONEXT); }

/** True when `id` is a live object of generation `gen`. */
export function objLive(id: u32, gen: u32): bool {
  return id != 0 && id < used && load<u32>(rec(id) + GEN) == gen && load<u32>(rec(id) + TYPE) != ObjType.None;
}

/** Creates an object and links it into its owner's list (head passed in, new head returned through ownerHead). 0 when out of memory. */
export function objCreate(type: u32, owner: u32, badge: u32, value: u32, ownerHead: u32): u32 {
  let id = freeHead;
  if (id != 0) {
    freeHead = load<u32>(rec(id) + QNEXT);
  } else {
    // `>=`, not `==`: `used` starts at 1 (the null record) while the table is still unallocated.
    if (used >= capacity) {
      const n = capacity == 0 ? 256 : capacity * 2;
      const t = kgrow(table, WIDTH, capacity, n);
      if (t == 0) return 0;
      table = t;
      capacity = n;
    }
    id = used++;
  }
  const r = rec(id);
  store<u32>(r + TYPE, type);
  store<u32>(r + OWNER, owner);
  store<u32>(r + BADGE, badge);
  store<u32>(r + VALUE, value);
  store<u32>(r + QNEXT, 0);
  store<u32>(r + ONEXT, ownerHead);
  store<u32>(r + OPREV, 0);
  if (ownerHead != 0) store<u32>(rec(ownerHead) + OPREV, id);
  return id;
}

/** Destroys an object: its generation moves on, so every capability to it is stale. Returns the owner's new list head. */
export function objDestroy(id: u32, ownerHead: u32): u32 {
  const r = rec(id);
  const next = load<u32>(r + ONEXT);
  const prev = load<u32>(r + OPREV);
  if (prev != 0) store<u32>(rec(prev) + ONEXT, next);
  else ownerHead = next;
  if (next != 0) store<u32>(rec(next) + OPREV, prev);
  store<u32>(r + TYPE, ObjType.None);
  store<u32>(r + GEN, load<u32>(r + GEN) + 1);
  store<u32>(r + ONEXT, 0);
  store<u32>(r + OPREV, 0);
  store<u32>(r + QNEXT, freeHead);
  freeHead = id;
  return ownerHead;
}

/** Number of live objects: the fuzzer's invariants count them. */
export function objCount(): u32 {
  let n: u32 = 0;
  for (let id: u32 = 1; id < used; id++) if (load<u32>(rec(id) + TYPE) != ObjType.None) n++;
  return n;
}

/** Record fields in the order a saved state carries them (kernel/state.ts): the format, whatever the layout. */
const SAVED: StaticArray<usize> = [TYPE, GEN, OWNER, BADGE, VALUE, QNEXT, ONEXT, OPREV];

/** Writes the table (every record but the null one, the free list with it) for a kernel that takes over. */
export function objSave(): void {
  put32(used);
  put32(freeHead);
  for (let id: u32 = 1; id < used; id++) for (let f = 0; f < SAVED.length; f++) put32(load<u32>(rec(id) + SAVED[f]));
}

/**
 * Reads a table objSave wrote into this kernel, which holds no object yet; `pds`: the number of
 * PD records of the state. False when a record names an object or a PD that is not there.
 */
export function objLoad(pds: u32): bool {
  const n = get32(), free = get32();
  if (n == 0 || <u64>(n - 1) * <u64>(SAVED.length << 2) > <u64>remaining() || free >= n) return false;
  let cap: u32 = 256;
  while (cap < n) cap <<= 1;
  const t = kgrow(0, WIDTH, 0, cap);
  if (t == 0) return false;
  table = t;
  capacity = cap;
  used = n;
  freeHead = free;
  for (let id: u32 = 1; id < n; id++) {
    for (let f = 0; f < SAVED.length; f++) store<u32>(rec(id) + SAVED[f], get32());
    const r = rec(id), type = load<u32>(r + TYPE);
    if (type > <u32>ObjType.Pd) return false;
    if (load<u32>(r + QNEXT) >= n || load<u32>(r + ONEXT) >= n || load<u32>(r + OPREV) >= n) return false;
    if (type != ObjType.None && load<u32>(r + OWNER) >= pds) return false;
    if (type == ObjType.Pd && load<u32>(r + VALUE) >= pds) return false;
  }
  return true;
}

/** Records in the table, the null one included: object ids are below it. */
export function objTableSize(): u32 { return used; }

/** True while no object was ever made: a kernel that may take a saved state. */
export function objEmpty(): bool { return capacity == 0; }
