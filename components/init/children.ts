// The children of this init, by name, and the retry of requests that waited for a server.
import { SignalHandler, register } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { Child } from "./child.ts";
import { retryForwarded } from "./forwarding.ts";

export const children = new Array<Child>();

export function childNamed(name: string): Child | null {
  for (let i = 0; i < children.length; i++) if (unchecked(children[i]).name == name) return unchecked(children[i]);
  return null;
}

/** Services announced since the last retry. */
const announcedSince = new Array<string>();

class RetryHandler extends SignalHandler {
  handle(count: u32): void {
    const services = announcedSince.slice(0);
    announcedSince.length = 0;
    for (let s = 0; s < services.length; s++) {
      for (let i = 0; i < children.length; i++) if (children[i].alive) children[i].retry(services[s]);
    }
    // Sessions init's parent asked for may have waited for this service too.
    if (services.length > 0) retryForwarded();
  }
}

let retryHandler: RetryHandler | null = null;

/**
 * Whoever waited for `service` gets its answer, but not within the announce call: the announcing
 * child is on the call chain, so its root could not be called now. A signal to ourselves runs
 * the retry as an activation of its own, after that call returned.
 */
export function retryLater(service: string): void {
  let h = retryHandler;
  if (h == null) {
    h = new RetryHandler();
    retryHandler = h;
    register(h);
  }
  announcedSince.push(service);
  sys_signal(h.cap);
}
