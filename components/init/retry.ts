// The retry of requests that waited for a service, once a child announced it.
import { SignalHandler, register } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { SessionBroker } from "./child_sessions.ts";
import { Children } from "./children.ts";
import { Forwarding } from "./forwarding.ts";

/**
 * Whoever waited for a service gets its answer, but not within the announce call: the announcing
 * child is on the call chain, so its root could not be called now. A signal to ourselves runs the
 * retry as an activation of its own, after that call returned.
 */
export class AnnounceRetry extends SignalHandler {
  /** Services announced since the last retry. */
  private announcedSince: Array<string> = new Array<string>();
  private registered: bool = false;

  constructor(private children: Children, private broker: SessionBroker, private forwarding: Forwarding) { super(); }

  /** `service` was announced: its waiting requests are retried after the current activation. */
  later(service: string): void {
    if (!this.registered) {
      this.registered = true;
      register(this);
    }
    this.announcedSince.push(service);
    sys_signal(this.cap);
  }

  handle(count: u32): void {
    const services = this.announcedSince.slice(0);
    this.announcedSince.length = 0;
    for (let s = 0; s < services.length; s++) {
      for (let i = 0; i < this.children.length; i++) {
        const c = this.children.at(i);
        if (c.alive) this.broker.retry(c, services[s]);
      }
    }
    // Sessions init's parent asked for may have waited for this service too.
    if (services.length > 0) this.forwarding.retry();
  }
}
