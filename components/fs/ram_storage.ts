// Storage in the component's own memory (Genode's ram_fs): a tree of nodes, bounded by a capacity in bytes.
//
// The capacity keeps the component's memory (its RAM quota) from running out under a client's
// writes: a write or a new node beyond it answers Err.NoSpace instead of the heap trapping.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { FsEntry, FsStatus } from "../fs_session/fs_session.ts";
import { Storage } from "./storage.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

/** A file buffer this large is allocated after a collection (see resize). */
const BIG: u64 = 256 * 1024;

/** What a node costs besides its bytes: its record and its name, roughly. */
const NODE_COST: u64 = 64;

class RamNode {
  data: Uint8Array = new Uint8Array(0);
  size: u32 = 0;
  version: u32 = 1;
  parent: RamNode | null = null;
  /** Entries of a directory by name; sorted when listed. */
  children: Map<string, RamNode> = new Map<string, RamNode>();

  constructor(readonly id: u32, readonly kind: i32, public name: string) {}
}

export class RamStorage extends Storage {
  private nodes: Map<u32, RamNode> = new Map<u32, RamNode>();
  private nextId: u32 = 2;
  private used: u64 = NODE_COST;
  private top: RamNode = new RamNode(1, FsKind.Dir, "");

  constructor(readonly capacity: u64) {
    super();
    this.nodes.set(this.top.id, this.top);
  }

  private make(kind: i32, name: string): RamNode {
    const n = new RamNode(this.nextId++, kind, name);
    this.nodes.set(n.id, n);
    this.used += NODE_COST + <u64>name.length;
    return n;
  }

  private node(id: u32): RamNode | null { return this.nodes.has(id) ? this.nodes.get(id) : null; }

  private dir(id: u32): RamNode | null {
    const n = this.node(id);
    return n != null && n.kind == FsKind.Dir ? n : null;
  }

  root(): u32 { return this.top.id; }

  lookup(dir: u32, name: string): u32 {
    const d = this.dir(dir);
    return d != null && d.children.has(name) ? d.children.get(name).id : 0;
  }

  status(id: u32): FsStatus | null {
    const n = this.node(id);
    if (n == null) return null;
    return new FsStatus(n.kind, n.kind == FsKind.Dir ? <u64>n.children.size : <u64>n.size, n.version);
  }

  entries(dir: u32): Array<FsEntry> {
    const out = new Array<FsEntry>();
    const d = this.dir(dir);
    if (d == null) return out;
    const names = d.children.keys();
    names.sort();
    for (let i = 0; i < names.length; i++) out.push(new FsEntry(names[i], d.children.get(names[i]).kind));
    return out;
  }

  create(dir: u32, name: string, kind: i32): i32 {
    const d = this.dir(dir);
    if (d == null) return Err.NotFound;
    if (d.children.has(name)) return Err.Exists;
    if (this.used + NODE_COST + <u64>name.length > this.capacity) return Err.NoSpace;
    const n = this.make(kind, name);
    this.attach(d, n);
    return <i32>n.id;
  }

  private attach(d: RamNode, n: RamNode): void {
    n.parent = d;
    d.children.set(n.name, n);
    d.version++;
  }

  private detach(n: RamNode): void {
    const d = n.parent;
    if (d == null) return;
    d.children.delete(n.name);
    d.version++;
    n.parent = null;
  }

  /** Forgets a node detached from the tree and gives back what it cost. */
  private forget(n: RamNode): void {
    this.nodes.delete(n.id);
    this.used -= NODE_COST + <u64>n.name.length + <u64>n.data.length;
  }

  remove(dir: u32, name: string): i32 {
    const d = this.dir(dir);
    if (d == null || !d.children.has(name)) return Err.NotFound;
    const n = d.children.get(name);
    if (n.kind == FsKind.Dir && n.children.size > 0) return Err.NotEmpty;
    this.detach(n);
    this.forget(n);
    return Err.Ok;
  }

  move(fromDir: u32, fromName: string, toDir: u32, toName: string): i32 {
    const from = this.dir(fromDir), to = this.dir(toDir);
    if (from == null || to == null || !from.children.has(fromName)) return Err.NotFound;
    const n = from.children.get(fromName);
    if (from === to && fromName == toName) return Err.Ok;
    // A directory may not move below itself: it would leave the tree.
    for (let up: RamNode | null = to; up != null; up = up.parent) if (up === n) return Err.Invalid;
    if (to.children.has(toName)) {
      const old = to.children.get(toName);
      if (old.kind == FsKind.Dir || n.kind == FsKind.Dir) return Err.Exists;
      this.detach(old);
      this.forget(old);
    }
    this.detach(n);
    this.used -= <u64>n.name.length;
    n.name = toName;
    this.used += <u64>toName.length;
    this.attach(to, n);
    return Err.Ok;
  }

  read(id: u32, offset: u64, length: u32): Uint8Array | null {
    const n = this.node(id);
    if (n == null || n.kind != FsKind.File) return null;
    if (offset >= <u64>n.size) return new Uint8Array(0);
    const end = min(<u64>n.size, offset + <u64>length);
    return n.data.slice(<i32>offset, <i32>end);
  }

  write(id: u32, offset: u64, data: Uint8Array): i32 {
    const n = this.node(id);
    if (n == null) return Err.NotFound;
    if (n.kind != FsKind.File) return Err.Type;
    const end = offset + <u64>data.length;
    if (end > <u64>n.size) {
      const e = this.resize(n, end);
      if (e < 0) return e;
    }
    n.data.set(data, <i32>offset);
    n.version++;
    return data.length;
  }

  truncate(id: u32, size: u64): i32 {
    const n = this.node(id);
    if (n == null) return Err.NotFound;
    if (n.kind != FsKind.File) return Err.Type;
    if (size > <u64>n.size) {
      const e = this.resize(n, size);
      if (e < 0) return e;
    } else {
      // The cut bytes read as zeros should the file grow again.
      n.data.fill(0, <i32>size, <i32>n.size);
      n.size = <u32>size;
    }
    n.version++;
    return Err.Ok;
  }

  /** Grows file `n` to `size` bytes, its buffer doubling so that appends do not copy every time. */
  private resize(n: RamNode, size: u64): i32 {
    const have = <u64>n.data.length;
    if (size > have) {
      let want = max(have * 2, <u64>64);
      if (want < size) want = size;
      // Near the capacity the buffer takes all that is left, once: growing it write by write
      // would leave a trail of freed buffers each too small for the next, and the memory would run out.
      const rest = this.used - have;
      const room = rest < this.capacity ? this.capacity - rest : 0;
      if (want > room) want = room;
      if (size > want) return Err.NoSpace;
      // A big buffer needs a block of its own: what earlier ones left is collected first, so that
      // it can be reused instead of the memory growing (toward the quota: ram_budget.ts).
      if (want >= BIG) __collect();
      const grown = new Uint8Array(<i32>want);
      grown.set(n.data);
      n.data = grown;
      this.used = this.used - have + want;
    }
    n.size = <u32>size;
    return Err.Ok;
  }

  /** The tree for a live swap: each node in preorder (a parent before its children), with its buffer as it is. */
  saveState(w: StateWriter): void {
    w.u32(this.nextId);
    w.u64(this.used);
    w.u32(<u32>this.nodes.size);
    this.saveNode(w, this.top);
  }

  private saveNode(w: StateWriter, n: RamNode): void {
    const up = n.parent;
    w.u32(n.id);
    w.i32(n.kind);
    w.string(n.name);
    w.u32(up != null ? up.id : 0);
    w.u32(n.size);
    w.u32(n.version);
    w.bytes(n.data);
    const children = n.children.values();
    for (let i = 0; i < children.length; i++) this.saveNode(w, children[i]);
  }

  /** The tree a live swap's snapshot holds (saveState), in place of this one's. */
  loadState(r: StateReader): void {
    this.nextId = r.u32();
    this.used = r.u64();
    const count = r.u32();
    for (let i: u32 = 0; i < count && !r.malformed(); i++) {
      const id = r.u32(), kind = r.i32(), name = r.string(), parentId = r.u32();
      const size = r.u32(), version = r.u32(), data = r.bytes();
      const parent = this.node(parentId);
      if (r.malformed() || size > <u32>data.length || (i == 0) != (id == this.top.id) || (i > 0 && (parent == null || parent.kind != FsKind.Dir))) {
        r.u8(); // reads past the end or the wrong kind: marks the snapshot malformed
        return;
      }
      const n = i == 0 ? this.top : new RamNode(id, kind, name);
      n.size = size;
      n.version = version;
      n.data = data;
      if (parent != null) {
        n.parent = parent;
        parent.children.set(name, n);
        this.nodes.set(id, n);
      }
    }
  }

  pathOf(id: u32): string | null {
    const n = this.node(id);
    if (n == null) return null;
    const names = new Array<string>();
    let at: RamNode = n;
    while (at !== this.top) {
      const up = at.parent;
      if (up == null) return null;
      names.unshift(at.name);
      at = up;
    }
    return "/" + names.join("/");
  }
}
