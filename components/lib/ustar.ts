// A reader of POSIX ustar archives (the image's source package): the entries as paths and views of the archive's bytes.
//
// Only what a source package holds is accepted: regular files and directories with relative paths
// (no `..`, `.` or empty element, no control character), in 512-byte blocks closed by an all-zero
// block. Anything else (a bad checksum or magic, a size past the end, a link, a pax header) refuses
// the whole archive with one line naming the entry and what is wrong: half an archive is no base.
const BLOCK: i32 = 512;

/** One file or directory of an archive; a file's data is a view into the archive, not a copy. */
export class TarEntry {
  constructor(readonly path: string, readonly isDir: bool, readonly data: Uint8Array) {}
}

/** The entries of an archive in their order, or what is wrong with it (`error`, empty when ok). */
export class TarArchive {
  entries: Array<TarEntry> = new Array<TarEntry>();
  error: string = "";
  get ok(): bool { return this.error.length == 0; }
}

/** The NUL-terminated text of a header field. */
function text(h: Uint8Array, at: i32, width: i32): string {
  let end = at;
  while (end < at + width && h[end] != 0) end++;
  return String.UTF8.decode(h.buffer.slice(h.byteOffset + at, h.byteOffset + end));
}

/** The octal number of a header field (blanks and NULs around it allowed), or -1 when it is none. */
function octal(h: Uint8Array, at: i32, width: i32): i64 {
  let i = at;
  const end = at + width;
  while (i < end && h[i] == 0x20) i++;
  let value: i64 = 0, digits = 0;
  while (i < end && h[i] >= 0x30 && h[i] <= 0x37) {
    value = value * 8 + <i64>(h[i] - 0x30);
    i++;
    digits++;
    if (value > <i64>I32.MAX_VALUE) return -1;
  }
  while (i < end && (h[i] == 0x20 || h[i] == 0)) i++;
  return digits > 0 && i == end ? value : -1;
}

function allZero(h: Uint8Array, at: i32): bool {
  for (let i = 0; i < BLOCK; i++) if (h[at + i] != 0) return false;
  return true;
}

/** What is wrong with `path` as an entry's path, or "" when it is fine. */
function checkPath(path: string, isDir: bool): string {
  let p = path;
  if (isDir && p.endsWith("/")) p = p.substring(0, p.length - 1);
  if (p.length == 0) return "an empty path";
  if (p.startsWith("/")) return "an absolute path";
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) return "a control character in its path";
  }
  const parts = p.split("/");
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] == "..") return "'..' in its path";
    if (parts[i] == "." || parts[i].length == 0) return "an empty or '.' element in its path";
  }
  return "";
}

function refuse(archive: TarArchive, offset: i32, what: string): TarArchive {
  archive.entries = new Array<TarEntry>();
  archive.error = "at byte " + offset.toString() + ": " + what;
  return archive;
}

/** The archive in `bytes`; its entries' data are views of `bytes`, so keep it. */
export function readTar(bytes: Uint8Array): TarArchive {
  const archive = new TarArchive();
  const n = bytes.length;
  let at = 0;
  while (true) {
    if (at + BLOCK > n) return refuse(archive, at, "the archive ends without its end block (truncated?)");
    if (allZero(bytes, at)) return archive;
    const h = bytes.subarray(at, at + BLOCK);
    const name = text(h, 0, 100), prefix = text(h, 345, 155);
    const path = prefix.length > 0 ? prefix + "/" + name : name;
    const where = "entry '" + path + "'";
    const magic = text(h, 257, 6);
    if (magic != "ustar" && magic != "ustar ") return refuse(archive, at, where + " is not a ustar header (magic '" + magic + "')");
    const sum = octal(h, 148, 8);
    let expected: i64 = 0;
    for (let i = 0; i < BLOCK; i++) expected += i >= 148 && i < 156 ? 0x20 : <i64>h[i];
    if (sum != expected) return refuse(archive, at, where + " has a bad header checksum");
    const size = octal(h, 124, 12);
    if (size < 0) return refuse(archive, at, where + " has no valid size");
    const type = h[156];
    const isDir = type == 0x35;
    if (type != 0x30 && type != 0 && !isDir) {
      return refuse(archive, at, where + " is of type '" + String.fromCharCode(type) + "': only files and directories are read");
    }
    const bad = checkPath(path, isDir);
    if (bad.length > 0) return refuse(archive, at, where + " has " + bad);
    const start = at + BLOCK;
    if (<i64>start + size > <i64>n) {
      return refuse(archive, at, where + " announces " + size.toString() + " bytes, the archive holds " + (n - start).toString() + " after its header");
    }
    const length = <i32>size;
    const clean = isDir && path.endsWith("/") ? path.substring(0, path.length - 1) : path;
    archive.entries.push(new TarEntry(clean, isDir, isDir ? new Uint8Array(0) : bytes.subarray(start, start + length)));
    at = start + ((length + BLOCK - 1) / BLOCK) * BLOCK;
  }
  return archive;
}
