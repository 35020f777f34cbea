// Services children announced: the root capability of each (child, service) that routes may reach.
import { sys_drop } from "../lib/syscalls.ts";

export class Announcement {
  constructor(readonly service: string, readonly provider: string, readonly root: i32) {}
}

const announced = new Array<Announcement>();

export function announce(a: Announcement): void {
  withdrawOne(a.provider, a.service);
  announced.push(a);
}

/** The root of `service` at the child named `provider`, or null while it has not announced it. */
export function rootOf(provider: string, service: string): Announcement | null {
  for (let i = 0; i < announced.length; i++) {
    const a = unchecked(announced[i]);
    if (a.provider == provider && a.service == service) return a;
  }
  return null;
}

function withdrawOne(provider: string, service: string): void {
  for (let i = announced.length - 1; i >= 0; i--) {
    const a = unchecked(announced[i]);
    if (a.provider == provider && a.service == service) forget(i);
  }
}

/** Removes announcement i and drops its root capability: an announcement repeated, or the child's death, would leak it. */
function forget(i: i32): void {
  sys_drop(unchecked(announced[i]).root);
  announced.splice(i, 1);
}

/** Forgets what a child announced (it died). */
export function withdraw(provider: string): void {
  for (let i = announced.length - 1; i >= 0; i--) if (unchecked(announced[i]).provider == provider) forget(i);
}
