// Services children announced: where init routes a session when a child provides it.

export class Announcement {
  constructor(readonly service: string, readonly provider: i32, readonly root: i32) {}
}

const announced = new Map<string, Announcement>();

export function announce(a: Announcement): void {
  announced.set(a.service, a);
}

export function provider(service: string): Announcement | null {
  return announced.has(service) ? announced.get(service) : null;
}

/** Forgets what a child announced (it died). */
export function withdraw(child: i32): void {
  const keys = announced.keys();
  for (let i = 0; i < keys.length; i++) {
    if (announced.get(keys[i]).provider == child) announced.delete(keys[i]);
  }
}
