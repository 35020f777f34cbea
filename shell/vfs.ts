// The shell's file systems under one tree, the Genode VFS way: File_system sessions mounted at paths, every command's path resolved here.
//
// The root session is mounted at `/`, src_fs's (session label "src") at `/src` when the shell's
// routes grant it. A path belongs to the mount with the longest prefix; a mount point shows in its
// parent's listing. Moving a file from one mount to another is refused (cp, then rm).
import { Err } from "../kernel/abi.ts";
import { FsKind } from "../components/fs_session/protocol.ts";
import { FsConnection } from "../components/fs_session/connection.ts";
import { FsEntry, FsStatus } from "../components/fs_session/fs_session.ts";
import { describeErr } from "./errors.ts";

/** A File_system session and where its root shows in the shell's tree. */
export class Mount {
  /** `deniedNote`: why the mount refuses changes (said after "permission denied"), or "". */
  constructor(readonly at: string, readonly fs: FsConnection, readonly deniedNote: string = "") {}

  /** True when `path` (absolute, folded) lies at or below the mount point. */
  holds(path: string): bool {
    return this.at == "/" || path == this.at || path.startsWith(this.at + "/");
  }

  /** `path` as the session names it. */
  inner(path: string): string {
    if (this.at == "/") return path;
    return path.length == this.at.length ? "/" : path.substring(this.at.length);
  }
}

function byName(a: FsEntry, b: FsEntry): i32 { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }

/** The directory holding `path` ("/" for a child of the root). */
function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.substring(0, i);
}

export class Vfs {
  /** The Err of the last call that answered data (readFile, stat, list), or Err.Ok. */
  error: i32 = Err.Ok;
  /** Longest mount point first, so the first that holds a path is its mount. */
  private mounts: Array<Mount> = new Array<Mount>();

  /** Mounts `fs` at `at` (an absolute path without a trailing slash, or "/"); `deniedNote` as Mount's. */
  mount(at: string, fs: FsConnection, deniedNote: string = ""): void {
    this.mounts.push(new Mount(at, fs, deniedNote));
    this.mounts.sort((a: Mount, b: Mount): i32 => b.at.length - a.at.length);
  }

  /** True when anything is mounted. */
  get ok(): bool { return this.mounts.length > 0; }

  /** The session mounted at `at`, or null. */
  mountedAt(at: string): FsConnection | null {
    for (let i = 0; i < this.mounts.length; i++) if (this.mounts[i].at == at) return this.mounts[i].fs;
    return null;
  }

  /** The mount `path` (absolute, folded) belongs to, or null. */
  find(path: string): Mount | null {
    for (let i = 0; i < this.mounts.length; i++) if (this.mounts[i].holds(path)) return this.mounts[i];
    return null;
  }

  private isMountPoint(path: string): bool {
    for (let i = 0; i < this.mounts.length; i++) if (this.mounts[i].at == path && path != "/") return true;
    return false;
  }

  stat(path: string): FsStatus | null {
    const m = this.find(path);
    if (m == null) { this.error = Err.NotFound; return null; }
    const s = m.fs.stat(m.inner(path));
    this.error = m.fs.error;
    return s;
  }

  /** The directory's entries with the mount points in it, sorted by name. */
  list(path: string): Array<FsEntry> {
    const m = this.find(path);
    if (m == null) { this.error = Err.NotFound; return new Array<FsEntry>(); }
    const entries = m.fs.list(m.inner(path));
    this.error = m.fs.error;
    if (this.error < 0) return entries;
    let added = false;
    for (let i = 0; i < this.mounts.length; i++) {
      const at = this.mounts[i].at;
      if (at == "/" || parentOf(at) != path) continue;
      const name = at.substring(at.lastIndexOf("/") + 1);
      let there = false;
      for (let j = 0; j < entries.length; j++) if (entries[j].name == name) there = true;
      if (!there) { entries.push(new FsEntry(name, FsKind.Dir)); added = true; }
    }
    if (added) entries.sort(byName);
    return entries;
  }

  readFile(path: string): Uint8Array | null {
    const m = this.find(path);
    if (m == null) { this.error = Err.NotFound; return null; }
    const b = m.fs.readFile(m.inner(path));
    this.error = m.fs.error;
    return b;
  }

  writeFile(path: string, bytes: Uint8Array): i32 {
    const m = this.find(path);
    if (m == null) return Err.NotFound;
    return m.fs.writeFile(m.inner(path), bytes);
  }

  writeText(path: string, text: string): i32 {
    return this.writeFile(path, Uint8Array.wrap(String.UTF8.encode(text)));
  }

  mkdir(path: string): i32 {
    if (this.isMountPoint(path)) return Err.Exists;
    const m = this.find(path);
    return m == null ? Err.NotFound : m.fs.mkdir(m.inner(path));
  }

  unlink(path: string): i32 {
    // A mount point is not the parent's to remove.
    if (this.isMountPoint(path)) return Err.Denied;
    const m = this.find(path);
    return m == null ? Err.NotFound : m.fs.unlink(m.inner(path));
  }

  /** Renames within one mount; Err.Invalid across mounts (the shell's `mv` says so). */
  rename(from: string, to: string): i32 {
    if (this.isMountPoint(from) || this.isMountPoint(to)) return Err.Denied;
    const a = this.find(from), b = this.find(to);
    if (a == null || b == null) return Err.NotFound;
    if (a !== b) return Err.Invalid;
    return a.fs.rename(a.inner(from), a.inner(to));
  }

  /** Words for error `e` of a change at `path`: a refusal says why where its mount tells. */
  describe(path: string, e: i32): string {
    const m = this.find(path);
    if ((e == Err.Denied || e == Err.Rights) && m != null && m.deniedNote.length > 0) return describeErr(e) + " (" + m.deniedNote + ")";
    return describeErr(e);
  }

  /** True when `from` and `to` lie in different mounts. */
  acrossMounts(from: string, to: string): bool { return this.find(from) !== this.find(to); }
}
