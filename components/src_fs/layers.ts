// What src_fs's sessions share: the read-only base, the upper layer (a File_system session of its own), the log.
//
// The merged view's rules live here, so that every session applies the same: a path is the upper
// layer's when it is there, else the base's; a directory is both layers' entries together.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { FsEntry, FsStatus } from "../fs_session/fs_session.ts";
import { Path } from "../fs_session/path.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { BaseNode, BaseTree } from "./base.ts";

function byName(a: FsEntry, b: FsEntry): i32 { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }

/** Reads the base when it is first needed. */
export abstract class BaseLoader {
  abstract load(): BaseTree;
}

export class Layers {
  /** The upper layer; null while (or when) the user's file system grants none: writes are refused then. */
  upper: FsConnection | null = null;
  private loaded: BaseTree | null = null;

  constructor(private loader: BaseLoader, readonly logger: LogConnection) {}

  /**
   * The read-only base, read at the first request that needs it, not at start: a boot whose
   * shell never looks at /src does not pay for reading the source package.
   */
  get base(): BaseTree {
    if (this.loaded == null) this.loaded = this.loader.load();
    return this.loaded!;
  }

  warn(text: string): void { this.logger.write(warningLine(text)); }

  get writeable(): bool {
    const u = this.upper;
    return u != null && u.ok;
  }

  /** The upper layer's status of `path`, or null (not there, or no upper layer). */
  upperStatus(path: Path): FsStatus | null {
    const u = this.upper;
    if (u == null || !u.ok) return null;
    return u.stat(path.toString());
  }

  baseNode(path: Path): BaseNode | null { return this.base.find(path); }

  /** What the merged view shows at `path`: the upper node if there, else the base's; null when neither. */
  status(path: Path): FsStatus | null {
    const up = this.upperStatus(path);
    const b = this.base.find(path);
    if (up != null && up.kind == FsKind.Dir && b != null && b.kind == FsKind.Dir) {
      return new FsStatus(FsKind.Dir, <u64>this.entries(path).length, up.version);
    }
    if (up != null) return up;
    return b != null ? b.status() : null;
  }

  /** The merged entries of the directory at `path`, sorted by name (an upper entry hides the base's of its name). */
  entries(path: Path): Array<FsEntry> {
    const out = new Array<FsEntry>();
    const up = this.upperStatus(path);
    const seen = new Set<string>();
    if (up != null && up.kind == FsKind.Dir) {
      const upper = this.upper!.list(path.toString());
      for (let i = 0; i < upper.length; i++) { out.push(upper[i]); seen.add(upper[i].name); }
    }
    const b = this.base.find(path);
    if (b != null && b.kind == FsKind.Dir && (up == null || up.kind == FsKind.Dir)) {
      for (let i = 0; i < b.sorted.length; i++) if (!seen.has(b.sorted[i].name)) out.push(b.sorted[i]);
    }
    out.sort(byName);
    return out;
  }

  /** Makes the directory `path` of the merged view exist in the upper layer too, with its parents. */
  upperDirs(path: Path): i32 {
    const u = this.upper;
    if (u == null || !u.ok) return Err.Denied;
    for (let i = 1; i <= path.elements.length; i++) {
      const p = "/" + path.elements.slice(0, i).join("/");
      const s = u.stat(p);
      if (s != null) {
        if (s.kind != FsKind.Dir) return Err.Type;
        continue;
      }
      const r = u.mkdir(p);
      if (r < 0 && r != Err.Exists) return r;
    }
    return Err.Ok;
  }

  /** Copies the base file at `path` up, so that it can be written: Err.Ok or why not. */
  copyUp(path: Path, node: BaseNode): i32 {
    const r = this.upperDirs(path.parent());
    if (r < 0) return r;
    const w = this.upper!.writeFile(path.toString(), node.data);
    return w < 0 ? w : Err.Ok;
  }
}
