// One client's File_system session: its root and rights, its open files (handles) and its watches.
//
// Every request is checked in the same order: the message's shape (Err.BadMsg), the paths
// (Err.Invalid, Err.Denied for `..`), the session's right to write (Err.Denied), then the nodes
// (Err.NotFound, Err.Type, Err.Exists, ...). Nothing a client sends makes the server trap.
//
// Changes to the tree commit when their operation completes, a file's content when a handle that
// wrote it closes (Storage.commit, commitFile): before the reply is written, as a commit is a call
// of the server's own through the one IPC buffer the reply goes out in.
import { Err } from "../../kernel/abi.ts";
import { FsKind, FsOp, FsOpen } from "../fs_session/protocol.ts";
import * as msg from "../lib/message.ts";
import { RpcObject } from "../lib/rpc.ts";
import { MAX_HANDLES, MAX_WATCHES, READ_CHUNK } from "../fs_session/fs_session.ts";
import { putEntries, putStatus } from "../fs_session/replies.ts";
import { Path, parsePath } from "../fs_session/path.ts";
import { Storage } from "./storage.ts";
import { Watches } from "./watches.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

/** An open file: its node, what it was opened for, and whether it was changed since (watchers hear at close). */
class OpenFile {
  changed: bool = false;
  constructor(readonly node: u32, readonly flags: u32) {}
}

export class FsSession extends RpcObject {
  private handles: Array<OpenFile | null> = new Array<OpenFile | null>();
  private nextWatch: i32 = 1;
  /**
   * Capabilities the client donated beyond the session's own (FsSessionQuota.Caps), upgrades
   * included: each watch keeps one of the client's signals, so it may hold that many watches.
   */
  watchCaps: u32;

  constructor(readonly storage: Storage, readonly watches: Watches, readonly root: Path, readonly writeable: bool, watchCaps: u32) {
    super();
    this.watchCaps = watchCaps;
  }

  dispatch(op: i32): i32 {
    switch (op) {
      case FsOp.Open: return this.open();
      case FsOp.Close: return this.closeHandle();
      case FsOp.Read: return this.read();
      case FsOp.Write: return this.write();
      case FsOp.Truncate: return this.truncate();
      case FsOp.Stat: return this.stat();
      case FsOp.List: return this.list();
      case FsOp.Mkdir: return this.mkdir();
      case FsOp.Unlink: return this.unlink();
      case FsOp.Rename: return this.rename();
      case FsOp.Watch: return this.watch();
      case FsOp.Unwatch: return this.unwatch();
    }
    return Err.BadOpcode;
  }

  /** For a live swap: its root and rights, and its open files (a client reads on through a handle opened before). */
  saveState(w: StateWriter): void {
    w.string(this.root.toString());
    w.bool(this.writeable);
    w.u32(this.watchCaps);
    w.i32(this.nextWatch);
    w.u32(<u32>this.handles.length);
    for (let i = 0; i < this.handles.length; i++) {
      const f = this.handles[i];
      w.bool(f != null);
      if (f == null) continue;
      w.u32(f.node);
      w.u32(f.flags);
      w.bool(f.changed);
    }
    w.served(this);
  }

  /** A session as saveState wrote it, served again under its badge. */
  static loadState(r: StateReader, storage: Storage, watches: Watches): FsSession {
    const root = parsePath(r.string());
    const s = new FsSession(storage, watches, root, r.bool(), r.u32());
    s.nextWatch = r.i32();
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      if (!r.bool()) {
        s.handles.push(null);
        continue;
      }
      const f = new OpenFile(r.u32(), r.u32());
      f.changed = r.bool();
      s.handles.push(f);
    }
    r.served(s);
    return s;
  }

  /** The session ends: open files close (their watchers hear of changes), watches go. */
  closed(): void {
    for (let i = 0; i < this.handles.length; i++) this.release(i + 1);
    this.watches.removeAll(this.badge);
  }

  // -- nodes ------------------------------------------------------------------------------

  /** The node at `path` (within the root), or Err.NotFound. */
  private resolve(path: Path): i32 {
    const s = this.storage;
    let node = s.root();
    const all = path.under(this.root).elements;
    for (let i = 0; i < all.length && node != 0; i++) node = s.lookup(node, all[i]);
    return node != 0 ? <i32>node : Err.NotFound;
  }

  /** The directory holding the node at `path`: Err.NotFound when missing, Err.Type when no directory. */
  private resolveDir(path: Path): i32 {
    const dir = this.resolve(path);
    if (dir < 0) return dir;
    const st = this.storage.status(<u32>dir);
    if (st == null) return Err.NotFound;
    return st.kind == FsKind.Dir ? dir : Err.Type;
  }

  /** The path as the server's tree names it, for watches. */
  private absolute(path: Path): string { return path.under(this.root).toString(); }

  /** The node at `path` and the directory holding it changed. */
  private changed(path: Path): void {
    this.watches.changed(this.absolute(path));
    this.watches.changed(this.absolute(path.parent()));
  }

  private handle(h: i32): OpenFile | null {
    return h > 0 && h <= this.handles.length ? this.handles[h - 1] : null;
  }

  /**
   * Closes handle `h`: what was written through it commits (whole, so a file is never saved half
   * rewritten) and watchers of the file hear of it. The commit's Err, if it failed.
   */
  private release(h: i32): i32 {
    const f = this.handle(h);
    if (f == null) return Err.Ok;
    this.handles[h - 1] = null;
    if (!f.changed) return Err.Ok;
    const r = this.storage.commitFile(f.node);
    const where = this.storage.pathOf(f.node);
    if (where != null) this.watches.changed(where);
    return r;
  }

  // -- operations ---------------------------------------------------------------------------

  private open(): i32 {
    const path = parsePath(msg.getString());
    const flags = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if ((flags & ~(FsOpen.Read | FsOpen.Write | FsOpen.Create)) != 0 || (flags & (FsOpen.Read | FsOpen.Write)) == 0) return Err.Invalid;
    if ((flags & (FsOpen.Write | FsOpen.Create)) != 0 && !this.writeable) return Err.Denied;
    let node = this.resolve(path);
    if (node == Err.NotFound && (flags & FsOpen.Create) != 0 && !path.isRoot) {
      const dir = this.resolveDir(path.parent());
      if (dir < 0) return dir;
      node = this.storage.create(<u32>dir, path.name, FsKind.File);
      if (node < 0) return node;
      this.storage.commit();
      this.changed(path);
    }
    if (node < 0) return node;
    const st = this.storage.status(<u32>node);
    if (st == null) return Err.NotFound;
    if (st.kind != FsKind.File) return Err.Type;
    // The lowest free handle, so that a client's numbers stay small.
    let h = this.handles.indexOf(null) + 1;
    if (h == 0) {
      if (this.handles.length >= MAX_HANDLES) return Err.NoSpace;
      this.handles.push(null);
      h = this.handles.length;
    }
    this.handles[h - 1] = new OpenFile(<u32>node, flags);
    msg.begin();
    return h;
  }

  private closeHandle(): i32 {
    const h = msg.getI32();
    if (msg.malformed()) return Err.BadMsg;
    if (this.handle(h) == null) return Err.Invalid;
    // The handle goes either way; an error says that what was written through it is not saved.
    const r = this.release(h);
    if (r < 0) return r;
    msg.begin();
    return Err.Ok;
  }

  private read(): i32 {
    const f = this.handle(msg.getI32());
    const offset = msg.getU64(), length = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (f == null) return Err.Invalid;
    if ((f.flags & FsOpen.Read) == 0) return Err.Denied;
    const data = this.storage.read(f.node, offset, min(length, READ_CHUNK));
    if (data == null) return Err.NotFound;
    msg.begin();
    msg.putBytes(data);
    return data.length;
  }

  private write(): i32 {
    const f = this.handle(msg.getI32());
    const offset = msg.getU64();
    const data = msg.getBytes();
    if (msg.malformed()) return Err.BadMsg;
    if (f == null) return Err.Invalid;
    if ((f.flags & FsOpen.Write) == 0) return Err.Denied;
    const r = this.storage.write(f.node, offset, data);
    if (r < 0) return r;
    f.changed = true;
    msg.begin();
    return r;
  }

  private truncate(): i32 {
    const f = this.handle(msg.getI32());
    const size = msg.getU64();
    if (msg.malformed()) return Err.BadMsg;
    if (f == null) return Err.Invalid;
    if ((f.flags & FsOpen.Write) == 0) return Err.Denied;
    const r = this.storage.truncate(f.node, size);
    if (r < 0) return r;
    f.changed = true;
    msg.begin();
    return Err.Ok;
  }

  private stat(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    const node = this.resolve(path);
    if (node < 0) return node;
    const st = this.storage.status(<u32>node);
    if (st == null) return Err.NotFound;
    return putStatus(st);
  }

  private list(): i32 {
    const path = parsePath(msg.getString());
    const first = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    const dir = this.resolveDir(path);
    if (dir < 0) return dir;
    const entries = this.storage.entries(<u32>dir);
    return putEntries(entries, first);
  }

  private mkdir(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if (!this.writeable) return Err.Denied;
    if (path.isRoot) return Err.Exists;
    const dir = this.resolveDir(path.parent());
    if (dir < 0) return dir;
    const r = this.storage.create(<u32>dir, path.name, FsKind.Dir);
    if (r < 0) return r;
    this.storage.commit();
    this.changed(path);
    msg.begin();
    return Err.Ok;
  }

  private unlink(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if (!this.writeable || path.isRoot) return Err.Denied;
    const dir = this.resolveDir(path.parent());
    if (dir < 0) return dir == Err.Type ? Err.NotFound : dir;
    const r = this.storage.remove(<u32>dir, path.name);
    if (r < 0) return r;
    this.storage.commit();
    this.changed(path);
    msg.begin();
    return Err.Ok;
  }

  private rename(): i32 {
    const from = parsePath(msg.getString());
    const to = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!from.ok) return from.error;
    if (!to.ok) return to.error;
    if (!this.writeable || from.isRoot || to.isRoot) return Err.Denied;
    const fromDir = this.resolveDir(from.parent());
    if (fromDir < 0) return fromDir == Err.Type ? Err.NotFound : fromDir;
    const toDir = this.resolveDir(to.parent());
    if (toDir < 0) return toDir;
    const r = this.storage.move(<u32>fromDir, from.name, <u32>toDir, to.name);
    if (r < 0) return r;
    this.storage.commit();
    this.watches.changedTree(this.absolute(from));
    this.watches.changedTree(this.absolute(to));
    const fromParent = this.absolute(from.parent()), toParent = this.absolute(to.parent());
    this.watches.changed(fromParent);
    if (toParent != fromParent) this.watches.changed(toParent);
    msg.begin();
    return Err.Ok;
  }

  private watch(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
    if (!path.ok) return path.error;
    const held = this.watches.count(this.badge);
    if (held >= MAX_WATCHES) return Err.NoSpace;
    // The signal is kept in the server's capability space: paid from the session's donation.
    if (<u32>held >= this.watchCaps) return Err.Quota;
    const id = this.nextWatch++;
    this.watches.add(this.badge, id, this.absolute(path), msg.getCap(0));
    msg.begin();
    return id;
  }

  private unwatch(): i32 {
    const id = msg.getI32();
    if (msg.malformed()) return Err.BadMsg;
    if (!this.watches.remove(this.badge, id)) return Err.Invalid;
    msg.begin();
    return Err.Ok;
  }
}
