// File_system paths, as the servers of the protocol (fs, src_fs) check what a client sends and join it to a session's root.
//
// A path is absolute within the session's root: `/`, `/etc/motd`; a trailing slash is allowed.
// `..` would climb out of the root, so it is refused (Err.Denied) wherever it stands; empty and
// `.` elements, control characters, over-long names and a relative path are malformed (Err.Invalid).
import { Err } from "../../kernel/abi.ts";
import { MAX_NAME, MAX_PATH } from "../fs_session/fs_session.ts";

/** A checked path: its elements, or the Err that refused it. */
export class Path {
  constructor(readonly elements: Array<string>, readonly error: i32) {}

  get ok(): bool { return this.error == Err.Ok; }
  get isRoot(): bool { return this.elements.length == 0; }

  /** The last element ("" for the root). */
  get name(): string { return this.elements.length > 0 ? this.elements[this.elements.length - 1] : ""; }

  /** The directory holding the node. */
  parent(): Path { return new Path(this.elements.slice(0, this.elements.length - 1), this.error); }

  /** The path as text: `/a/b`, `/` for the root. */
  toString(): string { return "/" + this.elements.join("/"); }

  /** This path below `root` (both checked). */
  under(root: Path): Path { return new Path(root.elements.concat(this.elements), this.error); }

  /** True when `other` is this path or lies below it. */
  contains(other: Path): bool {
    if (other.elements.length < this.elements.length) return false;
    for (let i = 0; i < this.elements.length; i++) if (this.elements[i] != other.elements[i]) return false;
    return true;
  }
}

function refused(e: i32): Path { return new Path(new Array<string>(), e); }

/** Checks `text` as a client's path. */
export function parsePath(text: string): Path {
  if (text.length == 0 || text.charCodeAt(0) != 0x2f || String.UTF8.byteLength(text) > MAX_PATH) return refused(Err.Invalid);
  const elements = new Array<string>();
  const n = text.length;
  let start = 1;
  while (start < n) {
    let end = text.indexOf("/", start);
    if (end < 0) end = n;
    const e = text.substring(start, end);
    if (e == "..") return refused(Err.Denied);
    // An empty element (`//`) is malformed unless it is the trailing slash.
    if ((e.length == 0 && end < n) || e == "." || !validName(e)) return refused(Err.Invalid);
    elements.push(e);
    start = end + 1;
  }
  return new Path(elements, Err.Ok);
}

/** A name a node may have: not empty, not too long, no slash or control character. */
export function validName(name: string): bool {
  if (name.length == 0 || String.UTF8.byteLength(name) > MAX_NAME) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x2f) return false;
  }
  return true;
}
