// The source package: the files the recipe's <sources> names, as one ustar archive (src.tar) that the boot image carries and /src shows inside Wasmode.
//
// The archive is deterministic: files sorted by path, every header with mode 0644, owner 0 and
// time 0, so the same sources give the same bytes (and the same sha256 in manifest.json).
import type { Files } from "../files.ts";
import type { Recipe, SourceRule } from "./recipe.ts";

export const SOURCE_PACKAGE = "src.tar";

const BLOCK = 512;
const encoder = new TextEncoder();

/** The files one rule of <sources> names, by path (a missing file is an error: the recipe is wrong). */
async function collect(files: Files, rule: SourceRule, out: Map<string, Uint8Array>): Promise<void> {
  if (!rule.dir) {
    const bytes = await files.read(rule.path);
    if (bytes === null) throw new Error(`${rule.path}: named in the recipe's <sources> but missing`);
    out.set(rule.path, bytes);
    return;
  }
  const names = await files.list(rule.path);
  if (names === null) throw new Error(`${rule.path}/: named in the recipe's <sources> but missing`);
  for (const name of names) {
    const path = `${rule.path}/${name}`;
    const bytes = await files.read(path);
    if (bytes !== null) out.set(path, bytes);
    else if (rule.nested) await collect(files, { path, dir: true, nested: true }, out);
  }
}

/** Every source file of the package, by path relative to the repository's root. */
export async function collectSources(files: Files, recipe: Recipe): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const rule of recipe.sources) await collect(files, rule, out);
  return out;
}

function field(header: Uint8Array, at: number, width: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > width) throw new Error(`tar header field "${text}" is longer than ${width} bytes`);
  header.set(bytes, at);
}

/** An octal number in a field of `width` bytes: width - 1 digits and a NUL. */
function octal(header: Uint8Array, at: number, width: number, value: number): void {
  field(header, at, width, value.toString(8).padStart(width - 1, "0"));
}

/** A ustar header; a path past 100 bytes is split into prefix and name at a '/'. */
function header(path: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  let name = path, prefix = "";
  if (encoder.encode(path).length > 100) {
    const cut = path.lastIndexOf("/", 155);
    if (cut < 0 || encoder.encode(path.slice(cut + 1)).length > 100) throw new Error(`${path}: too long a path for the source package`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  field(h, 0, 100, name);
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  h[156] = 0x30; // '0': a regular file
  field(h, 257, 6, "ustar");
  field(h, 263, 2, "00");
  field(h, 345, 155, prefix);
  // The checksum is taken with its own field as blanks.
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** The files as a ustar archive, sorted by path. */
export function tarArchive(sources: Map<string, Uint8Array>): Uint8Array {
  const paths = [...sources.keys()].sort();
  let size = 2 * BLOCK;
  for (const p of paths) size += BLOCK + Math.ceil(sources.get(p)!.length / BLOCK) * BLOCK;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of paths) {
    const bytes = sources.get(p)!;
    out.set(header(p, bytes.length), at);
    out.set(bytes, at + BLOCK);
    at += BLOCK + Math.ceil(bytes.length / BLOCK) * BLOCK;
  }
  return out;
}

/**
 * The regular files of a ustar archive this module wrote whose paths `wanted` accepts (the page
 * reads the image's packages from it). It stops at the closing block or at a header that does not
 * hold: what comes before it is read, nothing after.
 */
export function tarFiles(tar: Uint8Array, wanted: (path: string) => boolean): Map<string, Uint8Array> {
  const decoder = new TextDecoder();
  const text = (at: number, width: number) => {
    const end = tar.subarray(at, at + width).indexOf(0);
    return decoder.decode(tar.subarray(at, end < 0 ? at + width : at + end));
  };
  const files = new Map<string, Uint8Array>();
  for (let at = 0; at + BLOCK <= tar.length; ) {
    if (tar[at] === 0) break;
    const size = parseInt(text(at + 124, 12).trim(), 8);
    if (!Number.isInteger(size) || size < 0 || at + BLOCK + size > tar.length || text(at + 257, 5) !== "ustar") break;
    const prefix = text(at + 345, 155), name = text(at + 0, 100);
    const path = prefix.length > 0 ? `${prefix}/${name}` : name;
    if ((tar[at + 156] === 0x30 || tar[at + 156] === 0) && wanted(path)) files.set(path, tar.slice(at + BLOCK, at + BLOCK + size));
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
