// Quota talks with the parent: asking for more when short (resource requests), giving back when asked (yield).
//
// As in Genode, a component that runs out of quota asks its parent and waits: the parent logs the
// request, shows it in its state report, and grants it only when its config raises the child's
// quota; then it submits the component's resource-available signal. The other way round, a parent
// whose config lowers a child's quota below what the child holds sends a yield request; a
// cooperative component frees what it can and responds.
import * as parent from "./parent.ts";
import { SignalHandler, register, submitCap } from "./signal.ts";

/** Waits for more quota: granted() runs once the parent says it granted some. */
export abstract class ResourceWaiter {
  abstract granted(): void;
}

const waiters = new Array<ResourceWaiter>();
let availHandler: ResourceAvail | null = null;

class ResourceAvail extends SignalHandler {
  handle(count: u32): void {
    // granted() may ask again (and so add to `waiters`): work on a copy.
    const now = waiters.slice(0);
    waiters.length = 0;
    for (let i = 0; i < now.length; i++) now[i].granted();
  }
}

/**
 * Gives the parent the signal by which it tells of granted quota. requestResources() does it on
 * its first call; call this earlier when that call may come with the quota already exhausted
 * (the signal takes capabilities of it).
 */
export function watchResources(): void {
  if (availHandler != null) return;
  const h = new ResourceAvail();
  availHandler = h;
  register(h);
  parent.resourceAvailSigh(submitCap(h));
}

/**
 * Asks the parent for `ram` bytes and `caps` capabilities more; `w` hears when it granted some
 * (which need not be enough: it may ask again). Returns the parent's answer to the request.
 */
export function requestResources(ram: u64, caps: u64, w: ResourceWaiter): i32 {
  watchResources();
  if (!waiters.includes(w)) waiters.push(w);
  return parent.resourceRequest(parent.resourceArgs(ram, caps));
}

/** Frees what it can when the parent asks for quota back; yielded() is told how much the parent wants. */
export abstract class YieldHandler {
  abstract yielded(ram: u64, caps: u64): void;
}

let yieldHandler: YieldHandler | null = null;

class YieldSignal extends SignalHandler {
  handle(count: u32): void {
    const h = yieldHandler;
    if (h == null) return;
    const args = parent.yieldRequest();
    h.yielded(parent.resourceArg(args, "ram_quota"), parent.resourceArg(args, "cap_quota"));
    parent.yieldResponse();
  }
}

let yieldSignal: YieldSignal | null = null;

/** From now on yield requests go to `h`, which frees what it can; the parent is told when it returned. */
export function handleYieldRequests(h: YieldHandler): void {
  yieldHandler = h;
  if (yieldSignal != null) return;
  const s = new YieldSignal();
  yieldSignal = s;
  register(s);
  parent.yieldSigh(submitCap(s));
}
