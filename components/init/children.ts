// The children of this init, in the order of their start nodes.
import { Child } from "./child.ts";

export class Children {
  readonly all: Array<Child> = new Array<Child>();
  private ids: u32 = 0;

  get length(): i32 { return this.all.length; }

  at(i: i32): Child { return this.all[i]; }

  named(name: string): Child | null {
    for (let i = 0; i < this.all.length; i++) if (unchecked(this.all[i]).name == name) return unchecked(this.all[i]);
    return null;
  }

  /** The id of the next child created: every child ever, restarts included (the report's `id`). */
  nextId(): u32 { return ++this.ids; }
}
