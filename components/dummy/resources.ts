// `<consume_ram>`, `<consume_caps>` and `<handle_yield_requests>` (SEMANTICS.md §13, §7).
//
// RAM: a component's memory is its RAM (the host bounds it by the RAM quota and tells the kernel
// how much it holds), so consuming RAM means growing the memory. WebAssembly memory never
// shrinks: released pages stay with this component, kept for the next consume, and their quota
// cannot go back to the parent. Caps: every signal object takes one capability of the PD's quota.
import { log } from "../lib/log.ts";
import { newBadge } from "../lib/rpc.ts";
import { sys_drop, sys_signal_create } from "../lib/syscalls.ts";
import { Step } from "./flow.ts";

const PAGE: u64 = 65536;
/** Genode's dummy consumes at most this many caps at once. */
const MAX_CAPS: u32 = 100;

/** A byte count as Genode's Number_of_bytes prints it: `2M`, `4K`, `1G`, else the plain number. */
export function byteSize(v: u64): string {
  const G: u64 = 1 << 30, M: u64 = 1 << 20, K: u64 = 1 << 10;
  if (v >= G && v % G == 0) return (v / G).toString() + "G";
  if (v >= M && v % M == 0) return (v / M).toString() + "M";
  if (v >= K && v % K == 0) return (v / K).toString() + "K";
  return v.toString();
}

let heldBytes: u64 = 0;
let heldPages: u32 = 0;
/** Pages grown for an earlier consume and released since: used again before the memory grows. */
let sparePages: u32 = 0;
const heldCaps = new Array<i32>();
let yieldHandling: bool = false;

export function releaseRam(): void {
  if (heldBytes == 0) return;
  log("release " + byteSize(heldBytes) + " bytes of memory");
  sparePages += heldPages;
  heldPages = 0;
  heldBytes = 0;
}

export function releaseCaps(): void {
  if (heldCaps.length == 0) return;
  log("release " + heldCaps.length.toString() + " caps");
  for (let i = 0; i < heldCaps.length; i++) sys_drop(heldCaps[i]);
  heldCaps.length = 0;
}

/**
 * `<consume_ram amount>`. When the quota is short Genode's dummy issues a resource request and
 * blocks until its parent grants more; the parent interface has no resource request yet, so
 * this says so and the steps wait (Step.Stop: nothing would ever wake them).
 */
export function consumeRam(amount: u64): Step {
  releaseRam();
  log("consume " + byteSize(amount) + " bytes of memory");
  const pages = <u32>((amount + PAGE - 1) / PAGE);
  const fromSpare = min(pages, sparePages);
  const grow = pages - fromSpare;
  if (grow > 0 && memory.grow(<i32>grow) < 0) {
    log("Warning: RAM quota exhausted: cannot request resources (" + "ram_quota=" + (amount + 4096).toString() + ") from the parent");
    return Step.Stop;
  }
  sparePages -= fromSpare;
  heldPages = pages;
  heldBytes = amount;
  return Step.Done;
}

/** `<consume_caps amount>`: holds `amount` (at most 100) signal capabilities. */
export function consumeCaps(amount: u32): Step {
  releaseCaps();
  log("consume " + amount.toString() + " caps");
  const n = min(amount, MAX_CAPS);
  for (let i: u32 = 0; i < n; i++) {
    const cap = sys_signal_create(newBadge());
    if (cap < 0) {
      log("Warning: cap quota exhausted after " + i.toString() + " caps: cannot request resources (cap_quota=" + (n - i).toString() + ") from the parent");
      return Step.Stop;
    }
    heldCaps.push(cap);
  }
  return Step.Done;
}

/** `<handle_yield_requests/>`: from now on a yield request of the parent is answered. */
export function handleYieldRequests(): void { yieldHandling = true; }

/**
 * A yield request of the parent: release what is held and respond. Nothing calls this yet: the
 * parent interface has no yield signal, request args or yield_response (see report).
 */
export function yieldRequested(): void {
  if (!yieldHandling) return;
  log("got yield request");
  releaseRam();
  releaseCaps();
}

/** RAM held by consume_ram, in bytes (for tests through the log only). */
export function heldRam(): u64 { return heldBytes; }
