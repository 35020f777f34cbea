// The kernel's state as a stream of words with a format version: what a new kernel.wasm reads to take over a running one.
//
// The stream names fields, not addresses: each table writes its records field by field in a fixed
// order (objSave, pdSave, cspaceSave, signalSave), so a kernel built from changed sources, whose
// records lie elsewhere in its memory, reads it all the same. A change of what is saved is a new
// STATE_VERSION; a kernel refuses a version it does not know. The chain is empty when the host saves
// (between activations), so nothing of a running call is in the state.
import { Err, KReg, StateLoad } from "./abi.ts";
import { kalloc, kfree } from "./alloc.ts";
import { chainDepth } from "./ipc.ts";
import { objEmpty, objLoad, objSave, objTableSize } from "./object.ts";
import { pdCount, pdLoad, pdSave } from "./pd.ts";
import { reg, setReg } from "./regs.ts";
import { signalLoad, signalSave } from "./signal.ts";
import { bufferStart, countStart, get32, overrun, position, put32, remaining } from "./state_io.ts";

/** "WKST": the first word of every saved state. */
const MAGIC: u32 = 0x54534b57;
/** The format this kernel writes and reads: 1 = the death count, objects, PDs with their slots, the signal queue. */
export const STATE_VERSION: u32 = 1;

function saveAll(): void {
  put32(MAGIC);
  put32(STATE_VERSION);
  put32(reg(KReg.Deaths));
  put32(pdCount());
  objSave();
  pdSave();
  signalSave();
}

/** Bytes the state takes now. */
export function stateSize(): u32 {
  countStart();
  saveAll();
  return <u32>position();
}

/** Writes the state at `ptr` (at most `len` bytes): bytes written, Err.Invalid while a call chain runs, Err.NoSpace when it does not fit. */
export function stateSave(ptr: usize, len: u32): i32 {
  if (chainDepth() != 0) return Err.Invalid;
  bufferStart(ptr, len);
  saveAll();
  return overrun() ? Err.NoSpace : <i32>(position() - ptr);
}

let scratch: usize = 0;
let scratchSize: u32 = 0;

/** A buffer of `len` bytes in this kernel's memory for the host to save into or load from (the same one each time), or 0. */
export function stateBuffer(len: u32): usize {
  if (len > scratchSize) {
    kfree(scratch, scratchSize);
    scratch = kalloc(len);
    scratchSize = scratch != 0 ? len : 0;
  }
  return scratch;
}

/** Takes over the state at `ptr` (`len` bytes) that a kernel saved: StateLoad.Ok, or why not. Only a kernel never booted takes it. */
export function stateLoad(ptr: usize, len: u32): i32 {
  if (pdCount() != 0 || !objEmpty()) return StateLoad.Booted;
  bufferStart(ptr, len);
  if (get32() != MAGIC) return overrun() ? StateLoad.Truncated : StateLoad.NotState;
  if (get32() != STATE_VERSION) return overrun() ? StateLoad.Truncated : StateLoad.Version;
  const deaths = get32(), pds = get32();
  const fits = objLoad(pds) && pdLoad(objTableSize()) && pdCount() == pds && signalLoad(objTableSize());
  if (overrun()) return StateLoad.Truncated;
  if (!fits || remaining() != 0) return StateLoad.Malformed;
  setReg(KReg.Deaths, deaths);
  return StateLoad.Ok;
}
