// A live kernel swap: a new kernel.wasm takes over the running kernel's state between activations; no component restarts.
//
// The running kernel saves its state as a stream with a format version (kernel/state.ts), a fresh
// instance of the new one loads it, and the host compares what every PD holds through both kernels'
// exports before it switches (System.replaceKernel: the exports, the registers, every call gate).
// Anything that fails leaves the old kernel running, untouched but for the buffer it saved into.
import { Err, KReg, Slot, StateLoad } from "../abi.ts";
import { Kernel, kernelName, type KernelExports } from "./kernel.ts";
import type { System } from "./system.ts";

/** `ms`: from the call to the switch; `pauseMs`: of that, how long the system stood still (the takeover between activations). */
export type SwapResult = { ok: true; ms: number; pauseMs: number } | { ok: false; reason: string };

/** A new kernel.wasm compiled, instantiated and checked, not booted: ready to take over (takeOverWith). */
export interface LoadedKernel { kernel: Kernel; name: string; startedAt: number }

/**
 * Makes `bytes`, a kernel.wasm, the running kernel of `sys`: it is compiled and checked now, and
 * takes over between activations (queued, so no call chain runs). `ms`: from the call to the switch.
 */
export async function swapKernel(sys: System, bytes: Uint8Array): Promise<SwapResult> {
  if (sys.halted) return refuse(sys, "the system is halted (rebooting)");
  const loaded = await loadKernel(bytes);
  return "reason" in loaded ? refuse(sys, loaded.reason) : takeOverWith(sys, loaded);
}

/** The async half of a swap: `bytes` compiled, instantiated and checked against the host; or why not. */
export async function loadKernel(bytes: Uint8Array): Promise<LoadedKernel | { ok: false; reason: string }> {
  const startedAt = performance.now();
  try {
    const [kernel, name] = await Promise.all([Kernel.load(bytes), kernelName(bytes)]);
    return { kernel, name, startedAt };
  } catch (e) {
    return { ok: false, reason: `the new kernel.wasm does not load: ${message(e)}` };
  }
}

/**
 * The second half: `loaded` takes over at the next turn of the loop, before any other activation
 * (it is queued now). A halted system runs no job any more: it is refused at once.
 */
export function takeOverWith(sys: System, loaded: LoadedKernel): Promise<SwapResult> {
  if (sys.halted) return Promise.resolve(refuse(sys, "the system is halted (rebooting)"));
  return new Promise((resolve) => sys.queue(() => {
    const t1 = performance.now();
    let reason: string | null;
    try {
      reason = takeOver(sys, loaded.kernel);
    } catch (e) {
      reason = `the swap failed: ${message(e)}`;
    }
    if (reason !== null) return resolve(refuse(sys, reason));
    const t2 = performance.now(), ms = t2 - loaded.startedAt, pauseMs = t2 - t1;
    sys.console.write(`[core] kernel ${loaded.name} took over the running kernel's state in ${ms.toFixed(1)} ms (the system stood still ${pauseMs.toFixed(1)} ms)`);
    resolve({ ok: true, ms, pauseMs });
  }));
}

function refuse(sys: System, reason: string): { ok: false; reason: string } {
  sys.console.write(`[core] kernel swap refused: ${reason}; the running kernel goes on`);
  return { ok: false, reason };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Moves the state of sys's kernel into `next` and switches to it; null, or why not (nothing changed then). */
function takeOver(sys: System, next: Kernel): string | null {
  const old = sys.k;
  const depth = old.k_depth();
  if (depth !== 0) return `a call chain is running (depth ${depth}): a kernel is swapped between activations only`;
  const before = census(sys, old, () => sys.kernel.regs());

  const size = old.k_state_size();
  const at = old.k_state_buffer(size);
  if (at === 0) return `the running kernel has no memory left to save its state (${size} bytes)`;
  const saved = old.k_state_save(at, size);
  if (saved < 0) return `the running kernel did not save its state (error ${saved})`;
  const state = new Uint8Array(old.memory.buffer, at, saved);

  const to = next.k.k_state_buffer(saved);
  if (to === 0) return `the new kernel has no memory for the state (${saved} bytes)`;
  new Uint8Array(next.k.memory.buffer, to, saved).set(state);
  let loaded: number;
  try {
    loaded = next.k.k_state_load(to, saved);
  } catch (e) {
    return `the new kernel trapped in k_state_load: ${message(e)}`;
  }
  if (loaded !== StateLoad.Ok) return loadRefusal(loaded, new DataView(state.buffer, state.byteOffset, state.byteLength), next.k);

  const after = census(sys, next.k, () => next.regs(), before);
  const diff = firstDifference(sys, before, after);
  if (diff !== null) return `the new kernel does not hold what the running one does: ${diff}`;
  sys.replaceKernel(next);
  return null;
}

/** k_state_load's refusal in words. */
function loadRefusal(code: number, state: DataView, next: KernelExports): string {
  switch (code) {
    case StateLoad.Version:
      return `the new kernel reads state format version ${next.k_state_version()}, the running kernel's state is version ${state.getUint32(4, true)}`;
    case StateLoad.NotState: return "the new kernel does not recognize the running kernel's state";
    case StateLoad.Truncated: return "the new kernel found the running kernel's state cut short";
    case StateLoad.Malformed: return "the new kernel found the running kernel's state inconsistent";
    case StateLoad.Booted: return "the new kernel holds a state already";
    default: return `the new kernel refused the state (k_state_load answered ${code})`;
  }
}

/** What one PD holds, as the kernel's exports tell it. */
interface PdCensus {
  ramQuota: number; ramUsed: number; capQuota: number; capUsed: number; alive: boolean;
  /** Each occupied slot: [slot, k_cap_info's answer, type, rights]. */
  slots: number[][];
}

/** Everything checked across a swap: each PD's quotas, liveness and capabilities, the objects and the death count. */
interface Census { pds: (PdCensus | null)[]; objects: number; deaths: number }

/**
 * What the kernel `k` holds. PD numbers are scanned past the host's table until 64 in a row are no
 * PD; with `like`, the same PDs and slots as there (so a kernel that lost a slot costs no longer walk).
 */
function census(sys: System, k: KernelExports, regs: () => Int32Array, like?: Census): Census {
  const pds: (PdCensus | null)[] = [];
  const end = like ? like.pds.length : Infinity;
  for (let pd = 0, gap = 0; pd < end && (like !== undefined || pd < sys.servers.length || gap < 64); pd++) {
    const ramQuota = k.k_ram_quota(pd);
    if (ramQuota < 0) { pds.push(null); gap++; continue; }
    gap = 0;
    const capUsed = k.k_cap_used(pd), alive = k.k_pd_alive(pd) !== 0;
    const slots: number[][] = [];
    const take = (slot: number) => {
      const r = k.k_cap_info(pd, slot);
      if (r !== Err.BadCap) slots.push(r < 0 ? [slot, r, 0, 0] : [slot, r, regs()[KReg.Out0]!, regs()[KReg.Out1]!]);
    };
    const known = like?.pds[pd];
    if (known) for (const [slot] of known.slots) take(slot!);
    else if (alive) for (let slot = 0, limit = Slot.First + k.k_cap_quota(pd); slots.length < capUsed && slot < limit; slot++) take(slot);
    pds.push({ ramQuota, ramUsed: k.k_ram_usage(pd), capQuota: k.k_cap_quota(pd), capUsed, alive, slots });
  }
  while (pds.length > 0 && pds[pds.length - 1] === null && like === undefined) pds.pop();
  return { pds, objects: k.k_objects(), deaths: regs()[KReg.Deaths]! };
}

function firstDifference(sys: System, a: Census, b: Census): string | null {
  if (a.deaths !== b.deaths) return `death count ${a.deaths} before, ${b.deaths} after`;
  if (a.objects !== b.objects) return `${a.objects} objects before, ${b.objects} after`;
  for (let pd = 0; pd < a.pds.length; pd++) {
    const x = a.pds[pd], y = b.pds[pd];
    const who = `PD ${pd}${sys.servers[pd] ? ` (${sys.servers[pd]!.label})` : ""}`;
    if ((x === null) !== (y === null || y === undefined)) return `${who} ${x === null ? "is no PD" : "is a PD"} before, not after`;
    if (!x || !y) continue;
    for (const f of ["alive", "ramQuota", "ramUsed", "capQuota", "capUsed"] as const) {
      if (x[f] !== y[f]) return `${who}: ${f} ${x[f]} before, ${y[f]} after`;
    }
    for (let i = 0; i < x.slots.length; i++) {
      const s = x.slots[i]!, t = y.slots[i];
      if (!t || s.some((v, j) => v !== t[j])) return `${who}: slot ${s[0]} held [object ${s[1]}, type ${s[2]}, rights ${s[3]}] before, ${t ? `[object ${t[1]}, type ${t[2]}, rights ${t[3]}]` : "nothing"} after`;
    }
  }
  return null;
}
