// A module's sources: its entries and every file they import, transitively, read from a File_system session, with the problems found on the way.
//
// The builder hands the compiler exactly these files, so what a module is built from is what the
// build record lists. An import is found by its specifier, the string after `from` or `import`
// outside comments; one that leaves /src (a package, an absolute path, `..` past the root) is an
// error naming file, line and column. A relative one that names no file is left to the compiler,
// whose message says so with the source line.
import { FsConnection } from "../fs_session/connection.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

/** The most one source file, and all of a module's, may hold: what the compiler device stages. */
export const MAX_FILE: u64 = 1 << 20;
export const MAX_TOTAL: u64 = 8 << 20;

export class Source {
  constructor(readonly path: string, readonly bytes: Uint8Array) {}
}

export class Sources {
  files: Array<Source> = new Array<Source>();
  /** Problems as `FILE:LINE:COL: message` lines; none when the sources could all be had. */
  problems: Array<string> = new Array<string>();
  total: u64 = 0;
  private seen: Set<string> = new Set<string>();

  has(path: string): bool { return this.seen.has(path); }

  add(path: string, bytes: Uint8Array): void {
    this.seen.add(path);
    this.files.push(new Source(path, bytes));
    this.total += <u64>bytes.length;
  }
}

/** `path` with "." and ".." folded; null when ".." climbs past the root. */
export function normalize(path: string): string | null {
  const parts = path.split("/");
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length == 0 || p == ".") continue;
    if (p == "..") {
      if (out.length == 0) return null;
      out.pop();
      continue;
    }
    out.push(p);
  }
  return out.join("/");
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.substring(0, i);
}

function isIdentChar(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 36;
}

export class Specifier {
  constructor(readonly text: string, readonly line: i32, readonly column: i32) {}
}

/** The import specifiers of a source: each string literal right after the word `from` or `import`. */
export function specifiers(text: string): Array<Specifier> {
  const out = new Array<Specifier>();
  let word = "";
  let line = 1, lineStart = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c == 10) { line++; lineStart = i + 1; i++; continue; }
    if (c == 32 || c == 9 || c == 13) { i++; continue; }
    if (c == 47 && i + 1 < n && text.charCodeAt(i + 1) == 47) {
      while (i < n && text.charCodeAt(i) != 10) i++;
      continue;
    }
    if (c == 47 && i + 1 < n && text.charCodeAt(i + 1) == 42) {
      i += 2;
      while (i < n && !(text.charCodeAt(i) == 42 && i + 1 < n && text.charCodeAt(i + 1) == 47)) {
        if (text.charCodeAt(i) == 10) { line++; lineStart = i + 1; }
        i++;
      }
      i += 2;
      continue;
    }
    if (c == 34 || c == 39 || c == 96) {
      const start = i;
      i++;
      while (i < n && text.charCodeAt(i) != c) {
        if (text.charCodeAt(i) == 92) i++;
        else if (text.charCodeAt(i) == 10) { line++; lineStart = i + 1; }
        i++;
      }
      if (c != 96 && (word == "from" || word == "import")) out.push(new Specifier(text.substring(start + 1, i), line, start - lineStart + 1));
      i++;
      word = "";
      continue;
    }
    if (isIdentChar(c)) {
      const start = i;
      while (i < n && isIdentChar(text.charCodeAt(i))) i++;
      word = text.substring(start, i);
      continue;
    }
    word = "";
    i++;
  }
  return out;
}

/**
 * The files of one File_system session as one build reads them: each file read once, its sha256
 * taken once, however many modules import it (the SDK's files, say). Every module of a build so
 * sees the same bytes of a file.
 */
export class Snapshot {
  private files: Map<string, Uint8Array> = new Map<string, Uint8Array>();
  private hashes: Map<string, string> = new Map<string, string>();
  /** Why the last read() gave null: a problem's text, or "" when the file is not there. */
  problem: string = "";

  constructor(readonly fs: FsConnection) {}

  /** The file at `path` (relative to the root), null when it is missing, too large or unreadable. */
  read(path: string): Uint8Array | null {
    this.problem = "";
    if (this.files.has(path)) return this.files.get(path);
    const st = this.fs.stat("/" + path);
    if (st == null || st.kind != FsKind.File) return null;
    if (st.size > MAX_FILE) {
      this.problem = path + ": " + st.size.toString() + " bytes, more than a source may have (" + MAX_FILE.toString() + ")";
      return null;
    }
    const bytes = this.fs.readFile("/" + path);
    if (bytes == null) {
      this.problem = path + ": cannot be read (error " + this.fs.error.toString() + ")";
      return null;
    }
    this.files.set(path, bytes!);
    return bytes;
  }

  /** The sha256 of a file read() gave. */
  hash(path: string, bytes: Uint8Array): string {
    if (!this.hashes.has(path)) this.hashes.set(path, sha256Hex(bytes));
    return this.hashes.get(path);
  }

  /** For a live swap mid-build: the files read and their hashes, so the build's later modules see the same bytes. */
  saveState(w: StateWriter): void {
    const paths = this.files.keys();
    w.strings(paths);
    for (let i = 0; i < paths.length; i++) w.bytes(this.files.get(paths[i]));
    w.stringMap(this.hashes);
  }

  loadState(r: StateReader): void {
    const paths = r.strings();
    for (let i = 0; i < paths.length && !r.malformed(); i++) this.files.set(paths[i], r.bytes());
    this.hashes = r.stringMap();
  }
}

/** Reads `path` into `into` (once); false, with a problem noted, when it is too large or unreadable. */
function readSource(snap: Snapshot, path: string, into: Sources, from: string): bool {
  if (into.has(path)) return true;
  const bytes = snap.read(path);
  if (bytes == null) {
    if (snap.problem.length > 0) into.problems.push(from + snap.problem);
    return false;
  }
  if (into.total + <u64>bytes.length > MAX_TOTAL) {
    into.problems.push(from + path + ": the module's sources pass " + MAX_TOTAL.toString() + " bytes, more than a build takes");
    return false;
  }
  into.add(path, bytes);
  return true;
}

/** The file a relative specifier of `file` names: `X.ts` as written, else X + ".ts", else X/index.ts; null when none is there. */
function resolve(snap: Snapshot, base: string): string | null {
  const fs = snap.fs;
  if (base.endsWith(".ts")) return base;
  if (fs.stat("/" + base + ".ts") != null) return base + ".ts";
  if (fs.stat("/" + base + "/index.ts") != null) return base + "/index.ts";
  return null;
}

/** The entries and all they import, read from `fs` (paths relative to its root, as in the repository); a `.wat` entry imports no file. */
export function collect(snap: Snapshot, entries: Array<string>): Sources {
  const out = new Sources();
  const queue = new Array<string>();
  for (let i = 0; i < entries.length; i++) {
    const e = normalize(entries[i]);
    if (e != null && out.has(e!)) continue;
    if (e == null || !readSource(snap, e!, out, "")) {
      if (out.problems.length == 0) out.problems.push(entries[i] + ": no such source");
      return out;
    }
    queue.push(e!);
  }
  for (let q = 0; q < queue.length; q++) {
    const file = queue[q];
    const source = out.files[q];
    // WAT imports functions by module and name, not files: a WAT module is its one file.
    if (file.endsWith(".wat")) continue;
    const specs = specifiers(String.UTF8.decode(source.bytes.buffer));
    for (let s = 0; s < specs.length; s++) {
      const spec = specs[s];
      const where = file + ":" + spec.line.toString() + ":" + spec.column.toString() + ": ";
      // The compiler's own library travels inside it.
      if (spec.text.startsWith("~lib/")) continue;
      if (!spec.text.startsWith("./") && !spec.text.startsWith("../")) {
        out.problems.push(where + "import \"" + spec.text + "\" is outside /src: a build reads only the sources under /src");
        continue;
      }
      const joined = normalize(dirOf(file) + "/" + spec.text);
      if (joined == null) {
        out.problems.push(where + "import \"" + spec.text + "\" climbs out of /src");
        continue;
      }
      const target = resolve(snap, joined!);
      // Missing: the compiler names it, with the line that imports it.
      if (target == null || out.has(target!)) continue;
      if (readSource(snap, target!, out, where)) queue.push(target!);
    }
  }
  return out;
}
