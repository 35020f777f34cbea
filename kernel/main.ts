// kernel.wasm: the exports the host calls. Every decision about who may do what is made here.
import { Err, KReg, ObjType, PdState, Rights } from "./abi.ts";
import { clear, derive, install, lookup, slotGen, slotObj, slotRights } from "./cap_space.ts";
import { call, chainDepth, enter, leave, reply } from "./ipc.ts";
import { objCount, objOwner, objType } from "./object.ts";
import {
  pdAlive, pdCapQuota, pdCapUsed, pdCount, pdCreate, pdCreateObject, pdDestroyObject, pdKill,
  pdMakeControl, pdNextDead, pdRamQuota, pdRamUsed, pdSetExitSignal, pdSetRamUsed, pdValid,
} from "./pd.ts";
import { reg, regs, setReg } from "./regs.ts";
import { signalNext, signalSubmit } from "./signal.ts";
import { STATE_VERSION, stateBuffer, stateLoad, stateSave, stateSize } from "./state.ts";


const NONE: u32 = 0xffffffff;

export function k_regs(): usize { return regs; }

/** Creates PD 0, core, holding all RAM and capabilities of the system. */
export function k_boot(ram: f64, caps: u32): i32 {
  if (pdCount() != 0) return Err.Invalid;
  return pdCreate(NONE, <u64>ram, caps);
}

/** Creates a child of `parent`; the parent's slot for the PD object is in KReg.Out0. */
export function k_pd_create(parent: u32, ram: f64, caps: u32): i32 {
  // A live parent, never NONE: pdCreate takes NONE for core's own creation, without a parent's quota.
  if (!pdAlive(parent)) return Err.Dead;
  if (!(ram >= 0 && ram <= 4294967296.0)) return Err.Invalid;
  const pd = pdCreate(parent, <u64>ram, caps);
  if (pd < 0) return pd;
  const slot = pdMakeControl(<u32>pd);
  if (slot < 0) {
    pdKill(<u32>pd, PdState.Killed, 0);
    return slot;
  }
  setReg(KReg.Out0, <u32>slot);
  return pd;
}

/** `slot` of `holder` is a signal submitted when `child` dies. */
export function k_pd_exit_signal(child: u32, holder: u32, slot: u32): i32 {
  if (!pdAlive(child) || !pdAlive(holder)) return Err.Dead;
  const obj = lookup(holder, slot, ObjType.Signal, Rights.Signal);
  if (obj < 0) return obj;
  pdSetExitSignal(child, <u32>obj);
  return Err.Ok;
}

/**
 * Core places a capability it holds into another PD (a child's parent capability at slot 1), with
 * at most `rights`; `at` 0 means any slot. Core keeps its own capability.
 */
export function k_cap_grant(from: u32, slot: u32, to: u32, at: u32, rights: u32): i32 {
  if (!pdAlive(from) || !pdAlive(to)) return Err.Dead;
  const obj = lookup(from, slot, 0, 0);
  if (obj < 0) return obj;
  return install(to, <u32>obj, slotGen(from, slot), slotRights(from, slot) & rights & ~Rights.Own, at);
}

export function k_endpoint(pd: u32, badge: u32): i32 {
  return pdAlive(pd) ? pdCreateObject(pd, ObjType.Endpoint, badge, 0) : Err.Dead;
}

export function k_signal_create(pd: u32, badge: u32): i32 {
  return pdAlive(pd) ? pdCreateObject(pd, ObjType.Signal, badge, 0) : Err.Dead;
}

export function k_derive(pd: u32, slot: u32, rights: u32): i32 {
  return pdAlive(pd) ? derive(pd, slot, rights) : Err.Dead;
}

/** Drops a capability; dropping the owner's capability destroys the object and revokes every copy. */
export function k_drop(pd: u32, slot: u32): i32 {
  if (!pdAlive(pd)) return Err.Dead;
  const obj = slotObj(pd, slot);
  if (obj == 0 || slot == 0) return Err.BadCap;
  const owned = (slotRights(pd, slot) & Rights.Own) != 0 && lookup(pd, slot, 0, 0) > 0;
  clear(pd, slot);
  if (owned) {
    assert(objOwner(obj) == pd, "only the owner holds Own");
    pdDestroyObject(pd, obj);
  }
  return Err.Ok;
}

export function k_call(pd: u32, slot: u32, op: u32, len: u32, ncaps: u32, a0: u32, a1: u32): i32 {
  return call(pd, slot, op, len, ncaps, a0, a1);
}

/**
 * A call's fast path (kernel/host/gate.ts): no capabilities move and the payload is short, so it
 * travels in the gates' message registers. The same checks as k_call; returns the server PD with the
 * badge in the high word (the gate cannot read the registers), KCall.Slow for a PD object, or an error.
 */
export function k_call_short(pd: u32, slot: u32, op: u32, len: u32): i64 {
  const server = call(pd, slot, op, len, 0, 0, 0, false);
  return server < 0 ? <i64>server : (<i64>reg(KReg.Badge) << 32) | <i64>server;
}

export function k_reply(server: u32, client: u32, len: u32, ncaps: u32): i32 {
  return reply(server, client, len, ncaps);
}

export function k_enter(pd: u32): i32 { return enter(pd); }
export function k_leave(pd: u32): void { leave(pd); }
export function k_depth(): u32 { return chainDepth(); }

export function k_signal(pd: u32, slot: u32): i32 {
  return pdAlive(pd) ? signalSubmit(pd, slot) : Err.Dead;
}

export function k_next_signal(): i32 { return signalNext(); }

/** The host reports a fault or an exit: the PD dies alone (with its children). */
export function k_kill(pd: u32, state: u32, code: i32): i32 {
  if (!pdAlive(pd) || pd == 0) return Err.Dead;
  if (state != PdState.Exited && state != PdState.Faulted && state != PdState.Killed) return Err.Invalid;
  pdKill(pd, state, code);
  return Err.Ok;
}

export function k_next_dead(): i32 { return pdNextDead(); }

/** The host reports the size of a PD's memory; an error means it is over quota. */
export function k_ram_used(pd: u32, bytes: f64): i32 {
  return pdAlive(pd) ? pdSetRamUsed(pd, <u64>bytes) : Err.Dead;
}

export function k_pd_alive(pd: u32): bool { return pdAlive(pd); }
export function k_ram_quota(pd: u32): f64 { return pdValid(pd) ? <f64>pdRamQuota(pd) : -1; }
export function k_ram_usage(pd: u32): f64 { return pdValid(pd) ? <f64>pdRamUsed(pd) : -1; }
export function k_cap_quota(pd: u32): i32 { return pdValid(pd) ? <i32>pdCapQuota(pd) : -1; }
export function k_cap_used(pd: u32): i32 { return pdValid(pd) ? <i32>pdCapUsed(pd) : -1; }
export function k_objects(): u32 { return objCount(); }

/** What a slot holds, for tests and the fuzzer: its object type (KReg.Out0) and rights (Out1), or an error. */
export function k_cap_info(pd: u32, slot: u32): i32 {
  if (!pdAlive(pd)) return Err.Dead;
  const obj = lookup(pd, slot, 0, 0);
  if (obj < 0) return obj;
  setReg(KReg.Out0, objType(<u32>obj));
  setReg(KReg.Out1, slotRights(pd, slot));
  return obj;
}

// A live kernel swap (kernel/host/kernel_swap.ts): the running kernel saves its state between
// activations, a fresh instance of the new kernel.wasm loads it (kernel/state.ts).

/** The state format this kernel writes and reads. */
export function k_state_version(): u32 { return STATE_VERSION; }
export function k_state_size(): u32 { return stateSize(); }
/** A buffer of `len` bytes in kernel memory for a saved state, or 0. */
export function k_state_buffer(len: u32): usize { return stateBuffer(len); }
/** Bytes written at `ptr`, or an error (a call chain runs: Err.Invalid; too small: Err.NoSpace). */
export function k_state_save(ptr: usize, len: u32): i32 { return stateSave(ptr, len); }
/** StateLoad.Ok, or why this kernel does not take the state. */
export function k_state_load(ptr: usize, len: u32): i32 { return stateLoad(ptr, len); }
