// Capability spaces: each PD's table of slots; a slot number means something only in its own PD.
import { Err, Rights, Slot } from "./abi.ts";
import { kalloc, kfree, kgrow } from "./alloc.ts";
import { objLive, objType } from "./object.ts";
import { get32, put32, remaining } from "./state_io.ts";
import { pdCspace, pdCspaceSize, setPdCspace, pdCapQuota, pdCapUsed, setPdCapUsed, pdFreeHint, setPdFreeHint } from "./pd.ts";

// Slot layout, 16 bytes.
const OBJ: usize = 0;
const GEN: usize = 4;
const RIGHTS: usize = 8;
const WIDTH: usize = 16;
const MAX_SLOTS: u32 = 1 << 26;

@inline function slotAddr(pd: u32, slot: u32): usize { return pdCspace(pd) + <usize>slot * WIDTH; }

/** Allocates the slot table of a new PD. */
export function cspaceInit(pd: u32): bool {
  const size: u32 = 16;
  const p = kalloc(<usize>size * WIDTH);
  if (p == 0) return false;
  setPdCspace(pd, p, size);
  setPdFreeHint(pd, Slot.First);
  return true;
}

export function cspaceFree(pd: u32): void {
  kfree(pdCspace(pd), <usize>pdCspaceSize(pd) * WIDTH);
  setPdCspace(pd, 0, 0);
  setPdCapUsed(pd, 0);
}

/** The object a slot names, or 0 when the slot is out of range or empty. */
export function slotObj(pd: u32, slot: u32): u32 {
  if (slot >= pdCspaceSize(pd)) return 0;
  return load<u32>(slotAddr(pd, slot) + OBJ);
}
export function slotGen(pd: u32, slot: u32): u32 { return load<u32>(slotAddr(pd, slot) + GEN); }
export function slotRights(pd: u32, slot: u32): u32 { return load<u32>(slotAddr(pd, slot) + RIGHTS); }

/**
 * Checks that `slot` holds a live capability of type `type` (0: any) with `rights`.
 * Returns the object id (> 0) or an error.
 */
@inline export function lookup(pd: u32, slot: u32, type: u32, rights: u32): i32 {
  const obj = slotObj(pd, slot);
  if (obj == 0) return Err.BadCap;
  if (!objLive(obj, slotGen(pd, slot))) return Err.Stale;
  if (type != 0 && objType(obj) != type) return Err.Type;
  if ((slotRights(pd, slot) & rights) != rights) return Err.Rights;
  return <i32>obj;
}

/** True when the PD can take `n` more capabilities (in 64 bits: `n` may be any number). */
export function hasRoom(pd: u32, n: u32): bool {
  return <u64>pdCapUsed(pd) + <u64>n <= <u64>pdCapQuota(pd);
}

/**
 * True when the kernel itself could have handed out `slot` to this PD: with its quota full, the
 * highest slot it can hold is First + quota - 1. A larger number chosen by the host would size the
 * table by the number rather than by the quota (and 2^32 - 1 would never stop doubling).
 */
function reachable(pd: u32, slot: u32): bool {
  return <u64>slot < <u64>Slot.First + <u64>pdCapQuota(pd);
}

/** Installs a capability in a free slot (or in `at` when it is non-zero and free). Returns the slot or an error. */
export function install(pd: u32, obj: u32, gen: u32, rights: u32, at: u32): i32 {
  if (!hasRoom(pd, 1)) return Err.Quota;
  let slot = at;
  if (slot == 0) {
    slot = pdFreeHint(pd);
    while (slot < pdCspaceSize(pd) && load<u32>(slotAddr(pd, slot) + OBJ) != 0) slot++;
  } else if (!reachable(pd, slot) || slotObj(pd, slot) != 0) {
    return Err.Invalid;
  }
  // A table of 2^26 slots is 1 GiB: past that the doubling below would overflow 32 bits.
  if (slot >= MAX_SLOTS) return Err.NoSpace;
  if (slot >= pdCspaceSize(pd)) {
    let size = pdCspaceSize(pd);
    while (slot >= size) size *= 2;
    const p = kgrow(pdCspace(pd), WIDTH, pdCspaceSize(pd), size);
    if (p == 0) return Err.NoSpace;
    setPdCspace(pd, p, size);
  }
  const a = slotAddr(pd, slot);
  store<u32>(a + OBJ, obj);
  store<u32>(a + GEN, gen);
  store<u32>(a + RIGHTS, rights);
  setPdCapUsed(pd, pdCapUsed(pd) + 1);
  if (at == 0) setPdFreeHint(pd, slot + 1);
  return <i32>slot;
}

/** Empties a slot; the caller has checked that it is occupied. */
export function clear(pd: u32, slot: u32): void {
  const a = slotAddr(pd, slot);
  store<u32>(a + OBJ, 0);
  store<u32>(a + GEN, 0);
  store<u32>(a + RIGHTS, 0);
  setPdCapUsed(pd, pdCapUsed(pd) - 1);
  if (slot < pdFreeHint(pd)) setPdFreeHint(pd, slot);
}

/** A copy of a capability with fewer rights; never carries Own. */
export function derive(pd: u32, slot: u32, rights: u32): i32 {
  const obj = lookup(pd, slot, 0, Rights.Derive);
  if (obj < 0) return obj;
  if ((rights & ~Rights.All) != 0) return Err.Invalid;
  return install(pd, <u32>obj, slotGen(pd, slot), slotRights(pd, slot) & rights & ~Rights.Own, 0);
}

/** Writes a PD's slot table for a kernel that takes over: its size, then each occupied slot. */
export function cspaceSave(pd: u32): void {
  const size = pdCspaceSize(pd);
  let n: u32 = 0;
  for (let s: u32 = 0; s < size; s++) if (load<u32>(slotAddr(pd, s) + OBJ) != 0) n++;
  put32(size);
  put32(n);
  for (let s: u32 = 0; s < size; s++) {
    const a = slotAddr(pd, s);
    if (load<u32>(a + OBJ) == 0) continue;
    put32(s);
    put32(load<u32>(a + OBJ));
    put32(load<u32>(a + GEN));
    put32(load<u32>(a + RIGHTS));
  }
}

/** Reads what cspaceSave wrote into a PD of this kernel; `objects`: the size of the object table. False when it does not fit. */
export function cspaceLoad(pd: u32, objects: u32): bool {
  const size = get32(), n = get32();
  setPdCspace(pd, 0, 0);
  if (size == 0) return n == 0;
  if (size > MAX_SLOTS || (size & (size - 1)) != 0 || n > size || <u64>n * 16 > <u64>remaining()) return false;
  const p = kalloc(<usize>size * WIDTH);
  if (p == 0) return false;
  setPdCspace(pd, p, size);
  for (let i: u32 = 0; i < n; i++) {
    const s = get32(), obj = get32(), gen = get32(), rights = get32();
    if (s >= size || obj == 0 || obj >= objects || (rights & ~Rights.All) != 0) return false;
    const a = slotAddr(pd, s);
    store<u32>(a + OBJ, obj);
    store<u32>(a + GEN, gen);
    store<u32>(a + RIGHTS, rights);
  }
  return true;
}
