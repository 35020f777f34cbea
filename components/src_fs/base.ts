// src_fs's read-only base: the source package's files and directories as a tree, their bytes views of the archive.
import { FsKind } from "../fs_session/protocol.ts";
import { FsEntry, FsStatus } from "../fs_session/fs_session.ts";
import { Path } from "../fs_session/path.ts";
import { TarArchive } from "../lib/ustar.ts";

export class BaseNode {
  /** A directory's entries by name (empty for a file). */
  children: Map<string, BaseNode> = new Map<string, BaseNode>();
  /** Its entries sorted by name, made once the tree is complete. */
  sorted: Array<FsEntry> = new Array<FsEntry>();
  constructor(readonly kind: i32, public data: Uint8Array) {}

  status(): FsStatus {
    const size: u64 = this.kind == FsKind.File ? <u64>this.data.length : <u64>this.sorted.length;
    // The base never changes: every node has the first version.
    return new FsStatus(this.kind, size, 1);
  }
}

function byName(a: FsEntry, b: FsEntry): i32 { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }

function sortAll(node: BaseNode): void {
  if (node.kind != FsKind.Dir) return;
  const names = node.children.keys();
  const entries = new Array<FsEntry>();
  for (let i = 0; i < names.length; i++) {
    const child = node.children.get(names[i]);
    entries.push(new FsEntry(names[i], child.kind));
    sortAll(child);
  }
  entries.sort(byName);
  node.sorted = entries;
}

export class BaseTree {
  readonly root: BaseNode = new BaseNode(FsKind.Dir, new Uint8Array(0));
  /** What made the archive unusable (the tree is then empty), or "". */
  error: string = "";

  /** The tree of `archive`'s entries (a later entry of the same path replaces an earlier, as tar does). */
  constructor(archive: TarArchive) {
    if (!archive.ok) this.error = archive.error;
    else this.add(archive);
  }

  private add(archive: TarArchive): void {
    for (let i = 0; i < archive.entries.length; i++) {
      const e = archive.entries[i];
      const parts = e.path.split("/");
      let dir = this.root;
      for (let j = 0; j < parts.length - 1; j++) {
        if (!dir.children.has(parts[j])) dir.children.set(parts[j], new BaseNode(FsKind.Dir, new Uint8Array(0)));
        dir = dir.children.get(parts[j]);
        if (dir.kind != FsKind.Dir) { this.fail("'" + e.path + "' lies below a file"); return; }
      }
      const name = parts[parts.length - 1];
      const old = dir.children.has(name) ? dir.children.get(name) : null;
      if (old != null && (old.kind == FsKind.Dir) != e.isDir) { this.fail("'" + e.path + "' is both a file and a directory"); return; }
      if (old != null && e.isDir) continue;
      dir.children.set(name, new BaseNode(e.isDir ? FsKind.Dir : FsKind.File, e.data));
    }
    sortAll(this.root);
  }

  private fail(what: string): void {
    this.error = what;
    this.root.children.clear();
  }

  get ok(): bool { return this.error.length == 0; }

  /** The node at `path`, or null. */
  find(path: Path): BaseNode | null {
    let node = this.root;
    for (let i = 0; i < path.elements.length; i++) {
      if (!node.children.has(path.elements[i])) return null;
      node = node.children.get(path.elements[i]);
    }
    return node;
  }
}
