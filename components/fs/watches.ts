// The watches of all sessions of a File_system server: signals submitted when the node at a path changes.
//
// A watch names a path of the server's tree (not of a session's root), so a change made through
// one session reaches the watches of every other that sees the node, whatever their roots.
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

class Watch {
  constructor(readonly owner: u32, readonly id: i32, readonly path: string, readonly signal: i32) {}
}

export class Watches {
  private all: Array<Watch> = new Array<Watch>();

  /** Keeps `signal` (a capability this component now holds) for `owner`'s watch `id` of `path`. */
  add(owner: u32, id: i32, path: string, signal: i32): void {
    this.all.push(new Watch(owner, id, path, signal));
  }

  /** How many watches `owner` holds. */
  count(owner: u32): i32 {
    let n = 0;
    for (let i = 0; i < this.all.length; i++) if (this.all[i].owner == owner) n++;
    return n;
  }

  /** Ends `owner`'s watch `id`, dropping its signal; false when there is none. */
  remove(owner: u32, id: i32): bool {
    for (let i = 0; i < this.all.length; i++) {
      const w = this.all[i];
      if (w.owner != owner || w.id != id) continue;
      sys_drop(w.signal);
      this.all.splice(i, 1);
      return true;
    }
    return false;
  }

  /** Ends every watch of `owner` (its session closed). */
  removeAll(owner: u32): void {
    const kept = new Array<Watch>();
    for (let i = 0; i < this.all.length; i++) {
      const w = this.all[i];
      if (w.owner == owner) sys_drop(w.signal);
      else kept.push(w);
    }
    this.all = kept;
  }

  /** The node at `path` changed: its watchers are signalled. */
  changed(path: string): void {
    for (let i = 0; i < this.all.length; i++) if (this.all[i].path == path) sys_signal(this.all[i].signal);
  }

  /** The node at `path` moved or went, and with it everything below: all their watchers are signalled. */
  changedTree(path: string): void {
    const below = path == "/" ? "/" : path + "/";
    for (let i = 0; i < this.all.length; i++) {
      const p = this.all[i].path;
      if (p == path || p.startsWith(below)) sys_signal(this.all[i].signal);
    }
  }

  /** Every watch, for a live swap: its owner's badge, its id, its path and the signal capability kept. */
  saveState(w: StateWriter): void {
    w.u32(<u32>this.all.length);
    for (let i = 0; i < this.all.length; i++) {
      const x = this.all[i];
      w.u32(x.owner);
      w.i32(x.id);
      w.string(x.path);
      w.i32(x.signal);
    }
  }

  loadState(r: StateReader): void {
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      const owner = r.u32(), id = r.i32(), path = r.string();
      this.all.push(new Watch(owner, id, path, r.i32()));
    }
  }
}
