// A live swap: a running component's instance replaced by one of a new module in the same PD, its state carried by the SDK's hooks.
//
// The kernel's state of the PD does not change (capability space, label, quotas, sessions as client
// and as server): only the host's instance does. The old instance writes a snapshot (its __snapshot
// export, components/lib/live_state.ts), the new one gets the bytes before its _start and reads them
// back while its main runs. Both run sealed: every syscall they make fails with Err.Denied, so the
// instance changes nothing outside itself, and a trap, a spent budget or a stack overflow in either
// leaves the old instance in place, serving. The swap is synchronous and runs between activations,
// so no call or signal can reach the PD meanwhile: none is lost, each later one reaches the new instance.
import { Err } from "../abi.ts";
import { Component, type StateHooks } from "./component.ts";
import { describeFault } from "./errors.ts";
import type { CheckedModule } from "./module_check.ts";
import type { System } from "./system.ts";

export type SwapOutcome =
  | { kind: "restored"; old: Component; now: Component; stateBytes: number }
  /** The running instance has no hooks: nothing changed (the caller restarts instead). */
  | { kind: "no-state"; reason: string }
  /** Nothing changed: the old instance keeps serving. */
  | { kind: "refused"; reason: string };

/** What __restore_result reports (components/lib/live_state.ts Restore). */
const enum Restore { Taken = 1, NotTaken = 0, UnknownVersion = -2, Malformed = -3 }

/**
 * Replaces the instance serving `pd` by one of `module`, carrying its state. Between its activations
 * only: refused while it is on the call chain (the caller queues it with sys.queue); another
 * component's activation may run (the shell's call that asked for the swap).
 */
export function swapInstance(sys: System, pd: number, module: CheckedModule): SwapOutcome {
  const old = sys.servers[pd];
  if (old === undefined) return refused(`PD ${pd} runs no component`);
  if (!(old instanceof Component)) return refused(`${old.label} is served by the host, not a component of its own: it cannot be swapped`);
  if (!old.started) return refused(`${old.label} has not started yet`);
  // Between its activations: not on the call chain (the kernel lets it enter, and it leaves at once),
  // whatever else runs; on it, it is running, and the caller queues the swap for after the chain returned.
  const entered = old.caller === null && sys.sealedPd === -1 ? sys.k.k_enter(pd) : Err.Reentrant;
  if (entered === Err.Ok) sys.k.k_leave(pd);
  else return refused(`${old.label}: not between activations (it is on the call chain): a swap waits for its running activation to end (queue it)`);
  const hooks = old.stateHooks;
  if (hooks === null) return { kind: "no-state", reason: `${old.label} has no snapshot: its module exports no live-state hooks` };

  const snap = snapshot(sys, old, hooks);
  if (typeof snap === "string") return refused(snap);
  if (snap === null) return { kind: "no-state", reason: `${old.label} has no snapshot: it declares no state hooks (liveState)` };

  const now = successor(sys, old, module, snap);
  if (typeof now === "string") return refused(now);
  if (sys.k.k_ram_used(pd, now.ramBytes) === Err.Quota) {
    sys.k.k_ram_used(pd, old.ramBytes);
    now.drop();
    return refused(`${old.label}: the new instance holds ${now.ramBytes} bytes after its restore, past the PD's RAM quota`);
  }
  now.accounted();
  sys.replace(old, now);
  return { kind: "restored", old, now, stateBytes: snap.length };
}

/**
 * Puts `old` (kept by the caller from a "restored" outcome) back in place of whatever serves its PD
 * now: a rollback. Its memory is as it was at the swap. The caller sees to it that the instance it
 * replaces runs no more: between its activations, or as it faults (core's probation). Throws,
 * changing nothing, when its PD is gone.
 */
export function reinstate(sys: System, old: Component): void {
  const now = sys.servers[old.pd];
  if (now === old) return;
  if (!(now instanceof Component)) throw new Error(`cannot reinstate ${old.label}: PD ${old.pd} runs no component any more`);
  // Dataspaces allocated since the swap are charged to the PD whichever instance serves it.
  old.dataspaceBytes = now.dataspaceBytes;
  sys.replace(now, old);
  sys.k.k_ram_used(old.pd, old.ramBytes);
  old.accounted();
  now.drop();
}

function refused(reason: string): SwapOutcome {
  return { kind: "refused", reason };
}

/** Runs `fn` with `pd`'s syscalls sealed (System.sealedPd) and `c`'s call gate sending every call to the host's path. */
function sealed<T>(sys: System, c: Component, fn: () => T): T {
  sys.sealedPd = c.pd;
  c.sealCalls(true);
  try {
    return fn();
  } finally {
    sys.sealedPd = -1;
    c.sealCalls(false);
  }
}

/** The old instance's snapshot (a copy of its bytes), null when it declared no hooks, or why it failed. */
function snapshot(sys: System, old: Component, hooks: StateHooks): Uint8Array | null | string {
  let len: number, at: number;
  try {
    [len, at] = sealed(sys, old, () => {
      const n = hooks.__snapshot();
      return [n, n > 0 ? hooks.__state_data() : 0];
    });
  } catch (e) {
    return `${old.label}: its snapshot failed: ${why(old, e)}; it keeps running`;
  } finally {
    sys.account(old);
  }
  if (sys.servers[old.pd] !== old) return `${old.label} died taking its snapshot`;
  if (len === -1) return null;
  const memory = old.memory.buffer.byteLength;
  if (!(len > 0 && at > 0 && at + len <= memory)) return `${old.label}: its snapshot (${len} bytes at ${at}) is not inside its memory`;
  return new Uint8Array(old.memory.buffer, at, len).slice();
}

/** The new instance, its state restored from `snap`, sealed until it is done; or why not. */
function successor(sys: System, old: Component, module: CheckedModule, snap: Uint8Array): Component | string {
  const maxPages = Math.min(old.maxPages, module.maxPages ?? Infinity);
  if (module.minPages > maxPages) {
    return `${old.label}: the new module needs ${module.minPages} pages of memory at start, more than the ${maxPages} the PD's RAM quota allows`;
  }
  const now = new Component(old.pd, old.label, module, maxPages, old.fuelBudget, old.stackLimit);
  now.dataspaceBytes = old.dataspaceBytes;
  now.origin = old.origin;
  let stage = "failed to instantiate";
  let result: number;
  try {
    result = sealed(sys, now, () => {
      const gate = sys.gates.callGate(now.memory, now.pd);
      now.instantiate(sys.syscalls(now, gate.call), gate);
      now.sealCalls(true);
      const hooks = now.stateHooks;
      if (hooks === null) throw new Error("its module exports no live-state hooks (__state_reserve, __restore_result)");
      stage = "failed to reserve room for the snapshot";
      const at = hooks.__state_reserve(snap.length);
      if (!(at > 0 && at + snap.length <= now.memory.buffer.byteLength)) throw new Error(`its reserve (${snap.length} bytes at ${at}) is not inside its memory`);
      new Uint8Array(now.memory.buffer, at, snap.length).set(snap);
      stage = "failed in its restore";
      now.start();
      return hooks.__restore_result();
    });
  } catch (e) {
    now.drop();
    return `${old.label}: the new instance ${stage}: ${why(now, e)}; the old one keeps running`;
  }
  if (result === Restore.Taken) return now;
  now.drop();
  const keeps = "; the old one keeps running";
  if (result === Restore.NotTaken) return `${old.label}: the new instance did not take the state (its main never called liveState)${keeps}`;
  if (result === Restore.UnknownVersion) return `${old.label}: the new instance does not know the snapshot's version ${snapshotVersion(snap)} (its load refused it)${keeps}`;
  if (result === Restore.Malformed) return `${old.label}: the new instance found the snapshot malformed (its load read past the end or another kind than was written)${keeps}`;
  return `${old.label}: the new instance's restore reported ${result}, not a known result${keeps}`;
}

/** The component's version a snapshot names: its third value (kind byte, u32), after the magic and the SDK's format. */
function snapshotVersion(snap: Uint8Array): number {
  return snap.length >= 15 ? new DataView(snap.buffer, snap.byteOffset).getUint32(11, true) : -1;
}

/** One line for what went wrong in a sealed run of `c`. */
function why(c: Component, e: unknown): string {
  if (c.outOfFuel && e instanceof WebAssembly.RuntimeError) return `out of fuel: spent all ${c.fuelBudget} units of its budget`;
  if (c.outOfStack && e instanceof WebAssembly.RuntimeError) return `stack overflow: its recursion took more than its bound of ${c.stackLimit} bytes`;
  return describeFault(e);
}
