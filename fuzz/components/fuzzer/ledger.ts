// The fuzzer's shadow capability space: what the kernel told it it holds. The harness compares
// it with the kernel's own view (k_cap_info), so a capability the fuzzer was never handed shows.
import { ObjType, Rights } from "../../../kernel/abi.ts";
import * as rng from "./rng.ts";

/** Slots the ledger tracks; the fuzzer's cap quota keeps it far below. */
export const SLOTS: u32 = 4096;

// An entry: rights the slot may carry at most (bits 0-4), the object type when known (bits 5-7),
// held (bit 8), created by the fuzzer itself (bit 9: exactly Rights.All), and what the slot is for
// (bits 12-15, a Kind; the harness ignores it).
export const HELD: u32 = 1 << 8;
export const CREATED: u32 = 1 << 9;
const TYPE_SHIFT: u32 = 5;
const KIND_SHIFT: u32 = 12;

/** What a slot leads to, as far as the fuzzer knows: it shapes the payloads it sends there. */
export const enum Kind { Unknown = 0, Parent = 1, Log = 2, Rom = 3, Pd = 4, Cpu = 5, Hello = 6, Peer = 7, OwnEndpoint = 8, OwnSignal = 9, PdObject = 10 }

/** The entries, at an address the fuzzer logs so the harness can read them from its memory. */
export const ledger: usize = memory.data(<i32>SLOTS * 4, 16);
/** Held slots, densely, for picking one at random; `where` maps a slot to its index there. */
const held = new StaticArray<i32>(<i32>SLOTS);
const where = new StaticArray<i32>(<i32>SLOTS);
let count: i32 = 0;

@inline function at(slot: i32): usize { return ledger + (<usize>slot << 2); }

export function inRange(slot: i32): bool { return slot >= 0 && <u32>slot < SLOTS; }
export function entry(slot: i32): u32 { return inRange(slot) ? load<u32>(at(slot)) : 0; }
export function isHeld(slot: i32): bool { return (entry(slot) & HELD) != 0; }
export function rightsOf(slot: i32): u32 { return entry(slot) & Rights.All; }
export function typeOf(slot: i32): u32 { return (entry(slot) >> TYPE_SHIFT) & 7; }
export function kindOf(slot: i32): Kind { return <Kind>((entry(slot) >> KIND_SHIFT) & 15); }
export function heldCount(): i32 { return count; }

/** Records a slot the kernel handed out. False when it cannot be tracked or was held already (a surprise). */
export function record(slot: i32, type: u32, rights: u32, created: bool, kind: Kind): bool {
  if (!inRange(slot) || isHeld(slot)) return false;
  store<u32>(at(slot), HELD | (created ? CREATED : 0) | (rights & Rights.All) | ((type & 7) << TYPE_SHIFT) | ((<u32>kind & 15) << KIND_SHIFT));
  unchecked(held[count] = slot);
  unchecked(where[slot] = count);
  count++;
  return true;
}

/** The slot was dropped. */
export function forget(slot: i32): void {
  if (!isHeld(slot)) return;
  store<u32>(at(slot), 0);
  const i = unchecked(where[slot]);
  const last = unchecked(held[count - 1]);
  unchecked(held[i] = last);
  unchecked(where[last] = i);
  count--;
}

/** A held slot at random, or 0 when none is. */
export function anyHeld(): i32 { return count == 0 ? 0 : unchecked(held[rng.below(<u32>count)]); }

/** A held slot of `kind` found by a few random probes, or 0. */
export function heldOfKind(kind: Kind): i32 {
  for (let i = 0; i < 24 && count > 0; i++) {
    const s = anyHeld();
    if (kindOf(s) == kind) return s;
  }
  return 0;
}

/** Whether an object type is one the kernel knows. */
export function knownType(t: u32): bool { return t == ObjType.Endpoint || t == ObjType.Signal || t == ObjType.Pd; }
