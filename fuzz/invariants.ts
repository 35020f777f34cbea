// The fuzz run's invariants, read through kernel.wasm's exports: quotas balance, every object has
// exactly one owner capability, and a fuzzer holds exactly what its ledger says it was handed.
import { Err, KReg, ObjType, Rights } from "../kernel/abi.ts";
import type { System } from "../kernel/host/system.ts";

/** What the system booted with: the sums every quota must keep. */
export interface Totals { ram: number; caps: number }

/** One occupied slot: the object it names (0 when stale), its type and rights. */
export interface SlotInfo { pd: number; slot: number; obj: number; type: number; rights: number }

/** The quotas of one PD as the kernel reports them. */
export interface PdAccount { pd: number; ram: number; ramUsed: number; caps: number; capsUsed: number; alive: boolean }

/**
 * A fault's reason that is an exception of host code, not a trap of the component: the host says
 * "stack overflow (...)" of any RangeError, which is one only when the engine's stack ran out.
 */
export const HOST_EXCEPTION = /^(TypeError|ReferenceError|SyntaxError|Error|InternalError|AggregateError)\b|kernel\.wasm|^stack overflow \((?!Maximum call stack size exceeded\))/;

/** Lines core logged that are neither a component's fault, a denied session nor a kernel booting or taking over: a host exception in core's services. */
export function coreExceptions(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith("[core] ") && !l.includes(": fault: ") && !l.includes(" session denied: ") && !l.startsWith("[core] kernel ")).map((l) => `host exception in core: ${l}`);
}

/** Scanning stops here even when a PD's count claims more slots: a broken count must not hang the check. */
const SCAN_LIMIT = 1 << 20;

/** Every PD record the kernel knows (alive or dead but not yet freed). */
export function accounts(sys: System): PdAccount[] {
  const k = sys.k, out: PdAccount[] = [];
  for (let pd = 0; pd < sys.servers.length + 64; pd++) {
    const ram = k.k_ram_quota(pd);
    if (ram < 0) continue;
    out.push({ pd, ram, ramUsed: k.k_ram_usage(pd), caps: k.k_cap_quota(pd), capsUsed: k.k_cap_used(pd), alive: Number(k.k_pd_alive(pd)) !== 0 });
  }
  return out;
}

/** Quotas are only moved, never made or lost: their sums stay what core booted with; no PD uses more than it has. */
export function quotaBalance(list: PdAccount[], totals: Totals): string[] {
  const failures: string[] = [];
  const ram = list.reduce((n, a) => n + a.ram, 0), caps = list.reduce((n, a) => n + a.caps, 0);
  if (ram !== totals.ram) failures.push(`RAM quotas sum to ${ram}, not the ${totals.ram} bytes core booted with (${ram - totals.ram} made or lost)`);
  if (caps !== totals.caps) failures.push(`cap quotas sum to ${caps}, not the ${totals.caps} core booted with`);
  for (const a of list) {
    if (a.ramUsed > a.ram) failures.push(`PD ${a.pd} uses ${a.ramUsed} bytes of a ${a.ram}-byte RAM quota`);
    if (a.capsUsed > a.caps) failures.push(`PD ${a.pd} holds ${a.capsUsed} capabilities with a quota of ${a.caps}`);
    if (!a.alive && (a.ram !== 0 || a.caps !== 0 || a.capsUsed !== 0)) failures.push(`dead PD ${a.pd} still holds quota (${a.ram} bytes, ${a.caps} caps, ${a.capsUsed} used)`);
  }
  return failures;
}

/** The occupied slots of a live PD, found by asking the kernel about each until its count is reached. */
export function slotsOf(sys: System, pd: number, failures: string[]): SlotInfo[] {
  const k = sys.k, regs = () => sys.kernel.regs();
  const used = k.k_cap_used(pd), out: SlotInfo[] = [];
  for (let slot = 0; out.length < used && slot < SCAN_LIMIT; slot++) {
    const r = k.k_cap_info(pd, slot);
    if (r === Err.BadCap) continue;
    if (r === Err.Stale) out.push({ pd, slot, obj: 0, type: ObjType.None, rights: 0 });
    else if (r > 0) out.push({ pd, slot, obj: r, type: regs()[KReg.Out0]!, rights: regs()[KReg.Out1]! });
    else failures.push(`k_cap_info(${pd}, ${slot}) answered ${r}`);
  }
  if (out.length !== used) failures.push(`PD ${pd} counts ${used} capabilities but its slots hold ${out.length}`);
  if (k.k_cap_info(pd, 0) !== Err.BadCap) failures.push(`PD ${pd} holds something in slot 0, the null slot`);
  return out;
}

/**
 * Every live object has exactly one capability with the Own right, held by a live PD; every other
 * capability names an object that has one (no orphan, no forged owner); the kernel's count agrees.
 */
export function ownership(sys: System, list: PdAccount[]): { failures: string[]; slots: Map<number, SlotInfo[]> } {
  const failures: string[] = [], slots = new Map<number, SlotInfo[]>();
  const owner = new Map<number, SlotInfo>();
  for (const a of list) {
    if (!a.alive) continue;
    const s = slotsOf(sys, a.pd, failures);
    slots.set(a.pd, s);
    for (const c of s) {
      if (c.obj === 0) continue;
      if ((c.rights & ~Rights.All) !== 0) failures.push(`PD ${c.pd} slot ${c.slot} carries rights ${c.rights}, beyond any the ABI has`);
      if (c.type !== ObjType.Endpoint && c.type !== ObjType.Signal && c.type !== ObjType.Pd) failures.push(`PD ${c.pd} slot ${c.slot} names object ${c.obj} of type ${c.type}`);
      if ((c.rights & Rights.Own) === 0) continue;
      const other = owner.get(c.obj);
      if (other) failures.push(`object ${c.obj} has two owner capabilities: PD ${other.pd} slot ${other.slot} and PD ${c.pd} slot ${c.slot}`);
      owner.set(c.obj, c);
    }
  }
  for (const s of slots.values()) {
    for (const c of s) {
      if (c.obj !== 0 && !owner.has(c.obj)) failures.push(`PD ${c.pd} slot ${c.slot} names object ${c.obj}, which no live PD owns`);
    }
  }
  const objects = sys.k.k_objects();
  if (objects !== owner.size) failures.push(`the kernel counts ${objects} objects, but ${owner.size} owner capabilities exist`);
  return { failures, slots };
}

// The fuzzer's ledger entries (fuzz/components/fuzzer/ledger.ts).
const HELD = 1 << 8, CREATED = 1 << 9;

/**
 * The fuzzer holds exactly what its ledger recorded the kernel handing it, with no more rights than
 * it could have been given: its own objects' owner capabilities (all rights), copies without Own.
 */
export function ledgerMatch(name: string, slots: SlotInfo[], ledger: Int32Array, capInfo: (slot: number) => number): string[] {
  const failures: string[] = [];
  const seen = new Set<number>();
  for (const c of slots) {
    seen.add(c.slot);
    const e = c.slot < ledger.length ? ledger[c.slot]! : 0;
    if ((e & HELD) === 0) { failures.push(`${name} holds slot ${c.slot} (object ${c.obj}, rights ${c.rights}), which it was never handed`); continue; }
    if (c.obj === 0) {
      if (e & CREATED) failures.push(`${name}'s own object at slot ${c.slot} is stale, yet only dropping that slot destroys it`);
      continue;
    }
    const bound = e & Rights.All, type = (e >> 5) & 7;
    if ((c.rights & ~bound) !== 0) failures.push(`${name} slot ${c.slot} carries rights ${c.rights}, more than the ${bound} it was handed`);
    if (type !== 0 && c.type !== type) failures.push(`${name} slot ${c.slot} names an object of type ${c.type}, not the ${type} it was handed`);
    if ((e & CREATED) && c.rights !== Rights.All) failures.push(`${name} slot ${c.slot}, an object it created, carries rights ${c.rights}`);
    if (!(e & CREATED) && (c.rights & Rights.Own)) failures.push(`${name} owns the object at slot ${c.slot}, which it did not create`);
  }
  for (let slot = 0; slot < ledger.length; slot++) {
    if ((ledger[slot]! & HELD) && !seen.has(slot)) failures.push(`${name}'s slot ${slot} was handed to it but is empty now (k_cap_info ${capInfo(slot)})`);
  }
  return failures;
}
