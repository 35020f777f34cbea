// `<consume_ram>`, `<consume_caps>` and `<handle_yield_requests>` (SEMANTICS.md §13, §7).
//
// RAM: Genode's dummy allocates a RAM dataspace of its PD; here that is RAM charged to the quota
// through the environment's PD session (core's AllocRam), outside the Wasm memory, which could
// neither shrink on a release nor grow past the quota the component started with. Caps: every
// signal object takes one capability of the PD's quota. When the quota is short, dummy asks its
// parent for more and waits until the parent grants it, as Genode's does.
import { EnvSession, Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import { log } from "../lib/log.ts";
import { pdAllocRam, pdFreeRam } from "../lib/pd.ts";
import { ResourceWaiter, YieldHandler, handleYieldRequests as onYield, requestResources, watchResources } from "../lib/resources.ts";
import { newBadge } from "../lib/rpc.ts";
import { sys_drop, sys_signal_create } from "../lib/syscalls.ts";
import { Step, resumeSteps } from "./flow.ts";

/** Genode's dummy consumes at most this many caps at once. */
const MAX_CAPS: u32 = 100;
/** A Genode component asks for what failed plus this much RAM. */
const RAM_SLACK: u64 = 4096;

/** A byte count as Genode's Number_of_bytes prints it: `2M`, `4K`, `1G`, else the plain number. */
export function byteSize(v: u64): string {
  const G: u64 = 1 << 30, M: u64 = 1 << 20, K: u64 = 1 << 10;
  if (v >= G && v % G == 0) return (v / G).toString() + "G";
  if (v >= M && v % M == 0) return (v / M).toString() + "M";
  if (v >= K && v % K == 0) return (v / K).toString() + "K";
  return v.toString();
}

let pdSession: Connection | null = null;

/** The environment's PD session, which charges RAM to our quota. */
function pd(): i32 {
  let s = pdSession;
  if (s == null) {
    s = new Connection("PD", "", 0, 0, "", EnvSession.Pd);
    pdSession = s;
  }
  return s.cap;
}

/** The RAM held (a handle of pdAllocRam, 0 for none) and its size. */
let heldRam: i32 = 0;
let heldBytes: u64 = 0;
const heldCaps = new Array<i32>();

export function releaseRam(): void {
  if (heldRam == 0) return;
  log("release " + byteSize(heldBytes) + " bytes of memory");
  pdFreeRam(pd(), heldRam);
  heldRam = 0;
  heldBytes = 0;
}

export function releaseCaps(): void {
  if (heldCaps.length == 0) return;
  log("release " + heldCaps.length.toString() + " caps");
  for (let i = 0; i < heldCaps.length; i++) sys_drop(heldCaps[i]);
  heldCaps.length = 0;
}

/** A consume that ran short: it goes on when the parent grants more. */
class Consumer extends ResourceWaiter {
  ram: u64 = 0;
  caps: u32 = 0;

  /** Step.Done when it is all held, Step.Wait when it asked the parent for more. */
  run(): Step {
    if (this.ram > 0 && heldRam == 0) {
      const r = pdAllocRam(pd(), <u32>min(this.ram, 0xffffffff));
      if (r == Err.Quota) return this.ask(this.ram + RAM_SLACK, 0);
      if (r < 0) {
        log("Warning: cannot consume RAM (error " + r.toString() + ")");
        return Step.Done;
      }
      heldRam = r;
      heldBytes = this.ram;
    }
    while (<u32>heldCaps.length < this.caps) {
      const cap = sys_signal_create(newBadge());
      if (cap == Err.Quota) return this.ask(0, <u64>(this.caps - <u32>heldCaps.length));
      if (cap < 0) {
        log("Warning: cannot consume caps (error " + cap.toString() + ")");
        return Step.Done;
      }
      heldCaps.push(cap);
    }
    return Step.Done;
  }

  private ask(ram: u64, caps: u64): Step {
    requestResources(ram, caps, this);
    return Step.Wait;
  }

  granted(): void {
    if (this.run() == Step.Done) resumeSteps();
  }
}

/** `<consume_ram amount>`: holds `amount` bytes of RAM, released first if some is held. */
export function consumeRam(amount: u64): Step {
  releaseRam();
  // Set up before the quota runs short: the signal takes quota too.
  watchResources();
  log("consume " + byteSize(amount) + " bytes of memory");
  const c = new Consumer();
  c.ram = amount;
  return c.run();
}

/** `<consume_caps amount>`: holds `amount` (at most 100) signal capabilities, released first if some are held. */
export function consumeCaps(amount: u32): Step {
  releaseCaps();
  watchResources();
  log("consume " + amount.toString() + " caps");
  const c = new Consumer();
  c.caps = min(amount, MAX_CAPS);
  return c.run();
}

/** Releases everything held and lets the parent know (Genode's dummy ignores what was asked). */
class Yield extends YieldHandler {
  yielded(ram: u64, caps: u64): void {
    log("got yield request");
    releaseRam();
    releaseCaps();
  }
}

/** `<handle_yield_requests/>`: from now on a yield request of the parent is answered. */
export function handleYieldRequests(): void { onYield(new Yield()); }
