// One client's session of src_fs: the File_system protocol over the layers its policy gives (both, the base, the changes).
//
// As fs's sessions, every request is checked in the same order: the message's shape, the paths,
// the right to write, then the nodes; nothing a client sends makes the server trap. The
// arguments are read before the upper layer is asked anything: that call reuses the IPC buffer.
import { Err } from "../../kernel/abi.ts";
import { FsKind, FsOp, FsOpen } from "../fs_session/protocol.ts";
import { FsEntry, READ_CHUNK } from "../fs_session/fs_session.ts";
import { Path, parsePath } from "../fs_session/path.ts";
import { putEntries, putStatus } from "../fs_session/replies.ts";
import * as msg from "../lib/message.ts";
import { RpcObject } from "../lib/rpc.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";
import { Layers } from "./layers.ts";

/** What a session sees: both layers merged, the read-only base alone, or the upper layer alone (the changes). */
export const enum Layer {
  Both = 0,
  Base = 1,
  Changes = 2,
}

/** Handles one session may hold: all share the one upper session (64 handles), so no client takes them all. */
const MAX_HANDLES: i32 = 16;

/** An open file: the upper layer's handle, or (0) a base file's bytes. */
class OpenFile {
  constructor(readonly upper: i32, readonly data: Uint8Array, readonly flags: u32) {}
}

export class SrcSession extends RpcObject {
  private handles: Array<OpenFile | null> = new Array<OpenFile | null>();

  constructor(readonly layers: Layers, readonly layer: Layer, readonly writeable: bool, readonly label: string) { super(); }

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
      // No watches yet: the base never changes, and no client of the sources asks for one.
      case FsOp.Watch: return Err.BadOpcode;
      case FsOp.Unwatch: return Err.Invalid;
    }
    return Err.BadOpcode;
  }

  /** For a live swap: its layer and rights, and its open files (a base file's bytes copied: the new instance loads the base anew). */
  saveState(w: StateWriter): void {
    w.u32(<u32>this.layer);
    w.bool(this.writeable);
    w.string(this.label);
    w.u32(<u32>this.handles.length);
    for (let i = 0; i < this.handles.length; i++) {
      const f = this.handles[i];
      w.bool(f != null);
      if (f == null) continue;
      w.i32(f.upper);
      w.bytes(f.data);
      w.u32(f.flags);
    }
    w.served(this);
  }

  static loadState(r: StateReader, layers: Layers): SrcSession {
    const layer = <Layer>r.u32();
    const writeable = r.bool();
    const s = new SrcSession(layers, layer, writeable, r.string());
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      if (!r.bool()) {
        s.handles.push(null);
        continue;
      }
      const upper = r.i32();
      const data = r.bytes();
      s.handles.push(new OpenFile(upper, data, r.u32()));
    }
    r.served(s);
    return s;
  }

  /** The session ends: its upper handles close. */
  closed(): void {
    for (let i = 0; i < this.handles.length; i++) {
      const f = this.handles[i];
      if (f != null && f.upper > 0) this.layers.upper!.closeHandle(f.upper);
      this.handles[i] = null;
    }
  }

  private canWrite(): bool { return this.writeable && this.layer != Layer.Base && this.layers.writeable; }

  /** A base-only node cannot be removed or renamed: the client hears Err.Denied, the log says why. */
  private baseRefused(what: string, path: Path): i32 {
    this.layers.warn(what + " " + path.toString() + " refused for '" + this.label + "': it is in the read-only base (the sources the image was built from); edit it instead");
    return Err.Denied;
  }

  private handle(h: i32): OpenFile | null {
    return h > 0 && h <= this.handles.length ? this.handles[h - 1] : null;
  }

  // -- operations ---------------------------------------------------------------------------

  private open(): i32 {
    const path = parsePath(msg.getString());
    const flags = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if ((flags & ~(FsOpen.Read | FsOpen.Write | FsOpen.Create)) != 0 || (flags & (FsOpen.Read | FsOpen.Write)) == 0) return Err.Invalid;
    const writing = (flags & (FsOpen.Write | FsOpen.Create)) != 0;
    if (writing && !this.canWrite()) return Err.Denied;
    let h = this.handles.indexOf(null) + 1;
    if (h == 0 && this.handles.length >= MAX_HANDLES) return Err.NoSpace;
    const file = this.layer == Layer.Base ? this.openBase(path) : this.layer == Layer.Changes ? this.openUpper(path, flags) : this.openMerged(path, flags, writing);
    if (file == null) return this.openError;
    if (h == 0) {
      this.handles.push(null);
      h = this.handles.length;
    }
    this.handles[h - 1] = file;
    msg.begin();
    return h;
  }

  private openError: i32 = Err.Ok;

  private openBase(path: Path): OpenFile | null {
    const b = this.layers.baseNode(path);
    if (b == null) { this.openError = Err.NotFound; return null; }
    if (b.kind != FsKind.File) { this.openError = Err.Type; return null; }
    return new OpenFile(0, b.data, FsOpen.Read);
  }

  private openUpper(path: Path, flags: u32): OpenFile | null {
    const u = this.layers.upper;
    if (u == null || !u.ok) { this.openError = Err.NotFound; return null; }
    const r = u.open(path.toString(), flags);
    if (r < 0) { this.openError = r; return null; }
    return new OpenFile(r, new Uint8Array(0), flags);
  }

  /** The upper file when there; a base file read from the base, or copied up first to be written. */
  private openMerged(path: Path, flags: u32, writing: bool): OpenFile | null {
    const up = this.layers.upperStatus(path);
    if (up != null) return this.openUpper(path, flags);
    const b = this.layers.baseNode(path);
    if (b != null) {
      if (b.kind != FsKind.File) { this.openError = Err.Type; return null; }
      if (!writing) return new OpenFile(0, b.data, flags);
      const r = this.layers.copyUp(path, b);
      if (r < 0) { this.openError = r; return null; }
      return this.openUpper(path, flags);
    }
    if ((flags & FsOpen.Create) == 0 || path.isRoot) { this.openError = Err.NotFound; return null; }
    // A new file: its directory must be in the merged view, and is made in the upper layer.
    const dir = this.layers.status(path.parent());
    if (dir == null) { this.openError = Err.NotFound; return null; }
    if (dir.kind != FsKind.Dir) { this.openError = Err.Type; return null; }
    const r = this.layers.upperDirs(path.parent());
    if (r < 0) { this.openError = r; return null; }
    return this.openUpper(path, flags);
  }

  private closeHandle(): i32 {
    const h = msg.getI32();
    if (msg.malformed()) return Err.BadMsg;
    const f = this.handle(h);
    if (f == null) return Err.Invalid;
    this.handles[h - 1] = null;
    if (f.upper > 0) {
      const r = this.layers.upper!.closeHandle(f.upper);
      if (r < 0) return r;
    }
    msg.begin();
    return Err.Ok;
  }

  private read(): i32 {
    const f = this.handle(msg.getI32());
    const offset = msg.getU64(), length = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (f == null) return Err.Invalid;
    if ((f.flags & FsOpen.Read) == 0) return Err.Denied;
    const n = min(length, READ_CHUNK);
    let data: Uint8Array;
    if (f.upper > 0) {
      const u = this.layers.upper!;
      const r = u.read(f.upper, offset, n);
      if (r == null) return u.error;
      data = r;
    } else {
      const size = <u64>f.data.length;
      const from = <i32>min(offset, size);
      data = f.data.subarray(from, <i32>min(<u64>from + <u64>n, size));
    }
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
    if ((f.flags & FsOpen.Write) == 0 || f.upper <= 0) return Err.Denied;
    const r = this.layers.upper!.write(f.upper, offset, data);
    if (r < 0) return r;
    msg.begin();
    return r;
  }

  private truncate(): i32 {
    const f = this.handle(msg.getI32());
    const size = msg.getU64();
    if (msg.malformed()) return Err.BadMsg;
    if (f == null) return Err.Invalid;
    if ((f.flags & FsOpen.Write) == 0 || f.upper <= 0) return Err.Denied;
    const r = this.layers.upper!.truncate(f.upper, size);
    if (r < 0) return r;
    msg.begin();
    return Err.Ok;
  }

  private stat(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    let st = this.layer == Layer.Both ? this.layers.status(path) : null;
    if (this.layer == Layer.Changes) st = this.layers.upperStatus(path);
    if (this.layer == Layer.Base) {
      const b = this.layers.baseNode(path);
      if (b != null) st = b.status();
    }
    if (st == null) return Err.NotFound;
    return putStatus(st);
  }

  private list(): i32 {
    const path = parsePath(msg.getString());
    const first = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    let entries: Array<FsEntry>;
    if (this.layer == Layer.Base) {
      const b = this.layers.baseNode(path);
      if (b == null) return Err.NotFound;
      if (b.kind != FsKind.Dir) return Err.Type;
      entries = b.sorted;
    } else {
      const st = this.layer == Layer.Both ? this.layers.status(path) : this.layers.upperStatus(path);
      if (st == null) return Err.NotFound;
      if (st.kind != FsKind.Dir) return Err.Type;
      entries = this.layer == Layer.Both ? this.layers.entries(path) : this.layers.upper!.list(path.toString());
    }
    return putEntries(entries, first);
  }

  private mkdir(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if (!this.canWrite()) return Err.Denied;
    if (path.isRoot) return Err.Exists;
    const r = this.layer == Layer.Changes ? this.layers.upper!.mkdir(path.toString()) : this.mkdirMerged(path);
    if (r < 0) return r;
    msg.begin();
    return Err.Ok;
  }

  private mkdirMerged(path: Path): i32 {
    if (this.layers.status(path) != null) return Err.Exists;
    const dir = this.layers.status(path.parent());
    if (dir == null) return Err.NotFound;
    if (dir.kind != FsKind.Dir) return Err.Type;
    return this.layers.upperDirs(path);
  }

  private unlink(): i32 {
    const path = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!path.ok) return path.error;
    if (!this.canWrite() || path.isRoot) return Err.Denied;
    const u = this.layers.upper!;
    if (this.layer == Layer.Both) {
      const b = this.layers.baseNode(path);
      const up = this.layers.upperStatus(path);
      if (up == null) return b != null ? this.baseRefused("rm", path) : Err.NotFound;
      // An upper directory over a base one: removing it would leave the base's, which cannot go.
      if (up.kind == FsKind.Dir && b != null && b.kind == FsKind.Dir) return this.baseRefused("rm", path);
    }
    const r = u.unlink(path.toString());
    if (r < 0) return r;
    msg.begin();
    return Err.Ok;
  }

  private rename(): i32 {
    const from = parsePath(msg.getString());
    const to = parsePath(msg.getString());
    if (msg.malformed()) return Err.BadMsg;
    if (!from.ok) return from.error;
    if (!to.ok) return to.error;
    if (!this.canWrite() || from.isRoot || to.isRoot) return Err.Denied;
    const u = this.layers.upper!;
    if (this.layer == Layer.Both) {
      const b = this.layers.baseNode(from);
      const up = this.layers.upperStatus(from);
      if (up == null) return b != null ? this.baseRefused("mv", from) : Err.NotFound;
      if (up.kind == FsKind.Dir && b != null) return this.baseRefused("mv", from);
      const target = this.layers.baseNode(to);
      if (target != null && target.kind == FsKind.Dir) return Err.Exists;
      const dir = this.layers.status(to.parent());
      if (dir == null) return Err.NotFound;
      if (dir.kind != FsKind.Dir) return Err.Type;
      const made = this.layers.upperDirs(to.parent());
      if (made < 0) return made;
    }
    const r = u.rename(from.toString(), to.toString());
    if (r < 0) return r;
    msg.begin();
    return Err.Ok;
  }
}
