// fs's storage on core's storage device: the tree lives in memory (as RamStorage) and every change commits atomically.
//
// The unit of storage: one blob per file (its whole content, under a key of its own, "f12") and a
// manifest of the tree under "tree", each line a node in preorder:
//
//   wasmode-fs 1 NEXT          the format, and the number the next file's key gets
//   1 d etc                    a directory: its depth (1: in the root), its name
//   2 f f7 motd                a file: its depth, its blob's key, its name
//
// A commit stages what changed (the manifest when the tree did, the content of the files it covers,
// the removal of deleted files' blobs) and applies it in one device commit, so the store always
// holds a tree and contents that were once true together. Keys stay with a file across renames and
// are never reused. A file with no blob (created, never written) is empty.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { StorageConnection } from "../lib/storage.ts";
import { validName } from "../fs_session/path.ts";
import { RamStorage } from "./ram_storage.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

const TREE_KEY = "tree";
const FORMAT = "wasmode-fs 1";

export class PersistentStorage extends RamStorage {
  /** The blob key of each file node. */
  private keys: Map<u32, string> = new Map<u32, string>();
  private nextKey: u32 = 1;
  private treeDirty: bool = false;
  /** Files written since their content was last committed. */
  private dirtyFiles: Set<u32> = new Set<u32>();
  /** Blobs of files removed (or replaced) since the last commit. */
  private removedKeys: Array<string> = new Array<string>();
  /** True while the tree is rebuilt from the store: nothing of that needs committing. */
  private loading: bool = false;

  constructor(capacity: u64, readonly store: StorageConnection, readonly logger: LogConnection) { super(capacity); }

  /** Rebuilds the tree from the store: 1 when it held one, 0 when it is empty (a first start), or an Err. */
  load(): i32 {
    const entries = this.store.list();
    if (entries == null) return this.store.lastError;
    const sizes = new Map<string, u32>();
    for (let i = 0; i < entries.length; i++) sizes.set(entries[i].key, entries[i].size);
    if (!sizes.has(TREE_KEY)) return 0;
    const tree = this.store.read(TREE_KEY, sizes.get(TREE_KEY));
    if (tree == null) return this.store.lastError;
    this.loading = true;
    const r = this.restore(String.UTF8.decodeUnsafe(tree.dataStart, tree.length), sizes);
    this.loading = false;
    return r < 0 ? r : 1;
  }

  private restore(text: string, sizes: Map<string, u32>): i32 {
    const lines = text.split("\n");
    if (!lines[0].startsWith(FORMAT + " ")) return Err.Invalid;
    this.nextKey = <u32>I32.parseInt(lines[0].substring(FORMAT.length + 1));
    // The directories on the way to the current line's node: dirs[d - 1] holds the nodes of depth d.
    const dirs = new Array<u32>();
    dirs.push(this.root());
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.length == 0) continue;
      const a = line.indexOf(" "), b = line.indexOf(" ", a + 1);
      if (a <= 0 || b < 0) return Err.Invalid;
      const depth = I32.parseInt(line.substring(0, a));
      const kind = line.substring(a + 1, b);
      let name = line.substring(b + 1), key = "";
      if (depth < 1 || depth > dirs.length || (kind != "d" && kind != "f")) return Err.Invalid;
      if (kind == "f") {
        const c = name.indexOf(" ");
        if (c <= 1 || !name.startsWith("f")) return Err.Invalid;
        key = name.substring(0, c);
        name = name.substring(c + 1);
        const n = <u32>I32.parseInt(key.substring(1));
        if (n >= this.nextKey) this.nextKey = n + 1;
      }
      if (!validName(name) || name == "." || name == "..") return Err.Invalid;
      dirs.length = depth;
      const node = this.create(dirs[depth - 1], name, kind == "d" ? FsKind.Dir : FsKind.File);
      if (node < 0) return node;
      if (kind == "d") {
        dirs.push(<u32>node);
        continue;
      }
      this.keys.set(<u32>node, key);
      if (!sizes.has(key)) continue;
      const bytes = this.store.read(key, sizes.get(key));
      if (bytes == null) return this.store.lastError;
      const w = this.write(<u32>node, 0, bytes);
      if (w < 0) return w;
    }
    return Err.Ok;
  }

  // -- changes, noted for the next commit ---------------------------------------------------

  create(dir: u32, name: string, kind: i32): i32 {
    const r = super.create(dir, name, kind);
    if (r > 0 && !this.loading) {
      this.treeDirty = true;
      if (kind == FsKind.File) this.keys.set(<u32>r, this.newKey());
    }
    return r;
  }

  remove(dir: u32, name: string): i32 {
    const node = this.lookup(dir, name);
    const r = super.remove(dir, name);
    if (r == Err.Ok) this.dropped(node);
    return r;
  }

  move(fromDir: u32, fromName: string, toDir: u32, toName: string): i32 {
    const moved = this.lookup(fromDir, fromName), replaced = this.lookup(toDir, toName);
    const r = super.move(fromDir, fromName, toDir, toName);
    if (r != Err.Ok) return r;
    this.treeDirty = true;
    if (replaced != 0 && replaced != moved) this.dropped(replaced);
    return r;
  }

  write(node: u32, offset: u64, data: Uint8Array): i32 {
    const r = super.write(node, offset, data);
    if (r >= 0 && !this.loading) this.dirtyFiles.add(node);
    return r;
  }

  truncate(node: u32, size: u64): i32 {
    const r = super.truncate(node, size);
    if (r >= 0) this.dirtyFiles.add(node);
    return r;
  }

  private newKey(): string { return "f" + (this.nextKey++).toString(); }

  /** Node `node` left the tree: its blob goes with the next commit. */
  private dropped(node: u32): void {
    this.treeDirty = true;
    this.dirtyFiles.delete(node);
    if (!this.keys.has(node)) return;
    this.removedKeys.push(this.keys.get(node));
    this.keys.delete(node);
  }

  // -- commits --------------------------------------------------------------------------------

  commit(): i32 { return this.flush(new Array<u32>()); }

  commitFile(node: u32): i32 {
    const files = new Array<u32>();
    files.push(node);
    return this.flush(files);
  }

  /** Commits every change not committed yet: the <content> a first start filled in. */
  commitAll(): i32 { return this.flush(this.dirtyFiles.values()); }

  /** Commits the tree's changes and the content of `files` in one device commit. */
  private flush(files: Array<u32>): i32 {
    let any = this.treeDirty || this.removedKeys.length > 0;
    for (let i = 0; i < files.length; i++) any = any || this.dirtyFiles.has(files[i]);
    if (!any) return Err.Ok;
    let r: i32 = Err.Ok;
    for (let i = 0; i < this.removedKeys.length && r >= 0; i++) r = this.store.remove(this.removedKeys[i]);
    for (let i = 0; i < files.length && r >= 0; i++) {
      const node = files[i];
      if (!this.dirtyFiles.has(node) || !this.keys.has(node)) continue;
      const st = this.status(node);
      const bytes = st != null ? this.read(node, 0, <u32>st.size) : null;
      if (bytes != null) r = this.store.write(this.keys.get(node), bytes);
    }
    if (r >= 0 && this.treeDirty) r = this.store.write(TREE_KEY, this.manifest());
    if (r >= 0) r = this.store.commit();
    if (r < 0) {
      // Nothing of it reached the store: the changes stay noted, the next commit tries again.
      this.store.abort();
      this.logger.write(warningLine("cannot commit to storage (error " + r.toString() + "): the last changes are not saved yet"));
      return r;
    }
    this.treeDirty = false;
    this.removedKeys = new Array<string>();
    for (let i = 0; i < files.length; i++) this.dirtyFiles.delete(files[i]);
    return Err.Ok;
  }

  private manifest(): Uint8Array {
    const lines = new Array<string>();
    lines.push(FORMAT + " " + this.nextKey.toString());
    this.describe(this.root(), 1, lines);
    return Uint8Array.wrap(String.UTF8.encode(lines.join("\n") + "\n"));
  }

  private describe(dir: u32, depth: i32, lines: Array<string>): void {
    const entries = this.entries(dir);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const node = this.lookup(dir, e.name);
      if (e.kind == FsKind.Dir) {
        lines.push(depth.toString() + " d " + e.name);
        this.describe(node, depth + 1, lines);
        continue;
      }
      if (!this.keys.has(node)) this.keys.set(node, this.newKey());
      lines.push(depth.toString() + " f " + this.keys.get(node) + " " + e.name);
    }
  }

  // -- a live swap ----------------------------------------------------------------------------

  /** The tree, and what the next commit must stage: a new instance commits what this one had not yet. */
  saveState(w: StateWriter): void {
    super.saveState(w);
    w.connection(this.store);
    const nodes = this.keys.keys();
    w.u32(<u32>nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      w.u32(nodes[i]);
      w.string(this.keys.get(nodes[i]));
    }
    w.u32(this.nextKey);
    w.bool(this.treeDirty);
    w.u32s(this.dirtyFiles.values());
    w.strings(this.removedKeys);
  }

  loadState(r: StateReader): void {
    super.loadState(r);
    r.connection(this.store);
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      const node = r.u32();
      this.keys.set(node, r.string());
    }
    this.nextKey = r.u32();
    this.treeDirty = r.bool();
    const dirty = r.u32s();
    for (let i = 0; i < dirty.length; i++) this.dirtyFiles.add(dirty[i]);
    this.removedKeys = r.strings();
  }
}
