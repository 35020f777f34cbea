// The packages the shell can start: the runtime file beside each component's sources under /src.
//
// The runtime files travel in the image's source package (src.tar, which src_fs shows at /src),
// beside the sources they describe: components/NAME/runtime, and the shell's at shell/runtime. So
// a component made inside Wasmode (`new` writes its runtime file) is a package as soon as it
// exists, and a changed runtime file counts from the next `start`.
import { FsKind } from "../components/fs_session/protocol.ts";
import { Package, PackageResult, parsePackage } from "./package.ts";
import { Vfs } from "./vfs.ts";

/** Where the component directories are; a directory directly under SRC (the shell's) may hold a package too. */
const SRC = "/src";
const COMPONENTS = "/src/components";
export const RUNTIME_FILE = "runtime";

/** One package found: its name, its runtime file, and the package or what is wrong with its file. */
export class PackageEntry {
  constructor(readonly name: string, readonly file: string, readonly result: PackageResult) {}
  get pkg(): Package | null { return this.result.pkg; }
}

function text(fs: Vfs, path: string): string | null {
  const s = fs.stat(path);
  if (s == null || s.kind != FsKind.File) return null;
  const bytes = fs.readFile(path);
  return bytes == null ? null : String.UTF8.decode(bytes.buffer);
}

/** The package in directory `dir` named `name`, null when the directory holds no runtime file. */
function packageIn(fs: Vfs, dir: string, name: string): PackageEntry | null {
  const file = dir + "/" + RUNTIME_FILE;
  const runtime = text(fs, file);
  if (runtime == null) return null;
  const readme = text(fs, dir + "/README");
  return new PackageEntry(name, file, parsePackage(name, file, runtime, readme == null ? "" : readme));
}

function directories(fs: Vfs, path: string): Array<string> {
  const out = new Array<string>();
  const entries = fs.list(path);
  for (let i = 0; i < entries.length; i++) if (entries[i].kind == FsKind.Dir) out.push(entries[i].name);
  return out;
}

/** Every package under /src, sorted by name (a component's before a top-level directory's of the same name). */
export function allPackages(fs: Vfs): Array<PackageEntry> {
  const out = new Array<PackageEntry>();
  const names = new Set<string>();
  const components = directories(fs, COMPONENTS);
  for (let i = 0; i < components.length; i++) {
    const e = packageIn(fs, COMPONENTS + "/" + components[i], components[i]);
    if (e != null) { out.push(e); names.add(e.name); }
  }
  const top = directories(fs, SRC);
  for (let i = 0; i < top.length; i++) {
    if (names.has(top[i])) continue;
    const e = packageIn(fs, SRC + "/" + top[i], top[i]);
    if (e != null) out.push(e);
  }
  out.sort((a: PackageEntry, b: PackageEntry): i32 => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return out;
}

/** The package `name`, null when there is none. */
export function findPackage(fs: Vfs, name: string): PackageEntry | null {
  if (name.length == 0 || name.startsWith(".") || name.includes("/")) return null;
  const e = packageIn(fs, COMPONENTS + "/" + name, name);
  return e != null ? e : packageIn(fs, SRC + "/" + name, name);
}
