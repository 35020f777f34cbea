// File access for the build and the loader: the one seam between platform-neutral code and a file system.

/** What the builder and the image loader need of a file system; paths are relative to a root and use '/'. */
export interface Files {
  /** The file's bytes, or null when it does not exist. */
  read(path: string): Promise<Uint8Array | null>;
  /** Writes the file, creating folders as needed. */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Names of the entries of a folder (not recursive), or null when it does not exist. */
  list(path: string): Promise<string[] | null>;
  /** Removes a file or folder tree; no error when it does not exist. */
  remove(path: string): Promise<void>;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export async function readText(files: Files, path: string): Promise<string | null> {
  const bytes = await files.read(path);
  return bytes === null ? null : decoder.decode(bytes);
}

export function writeText(files: Files, path: string, text: string): Promise<void> {
  return files.write(path, encoder.encode(text));
}

/** Files kept in a map: the build inside the OS and tests use it. */
export class MemoryFiles implements Files {
  readonly entries = new Map<string, Uint8Array>();

  async read(path: string): Promise<Uint8Array | null> {
    return this.entries.get(normalize(path)) ?? null;
  }
  async write(path: string, bytes: Uint8Array): Promise<void> {
    this.entries.set(normalize(path), bytes);
  }
  async list(path: string): Promise<string[] | null> {
    const prefix = normalize(path) === "" ? "" : normalize(path) + "/";
    const names = new Set<string>();
    for (const key of this.entries.keys()) {
      if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split("/")[0]!);
    }
    return names.size ? [...names].sort() : null;
  }
  async remove(path: string): Promise<void> {
    const p = normalize(path);
    for (const key of [...this.entries.keys()]) if (key === p || key.startsWith(p + "/")) this.entries.delete(key);
  }
}

/**
 * Resolves '.' and '..' and drops leading './' so that one file has one name. A '..' above the
 * root stays: the path means what it says (a Files over a folder reaches its parent, a MemoryFiles
 * has nothing there), never another file under the root.
 */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * One Files with another mounted at a folder, as a file system mounts a disk: paths under `at` go to
 * `mounted` (e.g. the SDK at node_modules/wasmode for a component author's build), the rest to `base`.
 */
export class MountedFiles implements Files {
  private readonly at: string;

  constructor(private readonly base: Files, at: string, private readonly mounted: Files) {
    this.at = normalize(at);
  }

  /** The Files that holds `path`, and the path within it. */
  private locate(path: string): [Files, string] {
    const p = normalize(path);
    if (p === this.at) return [this.mounted, ""];
    if (p.startsWith(this.at + "/")) return [this.mounted, p.slice(this.at.length + 1)];
    return [this.base, p];
  }

  read(path: string): Promise<Uint8Array | null> {
    const [files, p] = this.locate(path);
    return files.read(p);
  }
  write(path: string, bytes: Uint8Array): Promise<void> {
    const [files, p] = this.locate(path);
    return files.write(p, bytes);
  }
  async list(path: string): Promise<string[] | null> {
    const [files, p] = this.locate(path);
    const names = await files.list(p);
    // The mount point shows in its parent folder, as a mounted disk does.
    const parent = this.at.includes("/") ? this.at.slice(0, this.at.lastIndexOf("/")) : "";
    if (files !== this.base || p !== parent) return names;
    const name = this.at.slice(parent.length ? parent.length + 1 : 0);
    return [...new Set([...(names ?? []), name])].sort();
  }
  remove(path: string): Promise<void> {
    const [files, p] = this.locate(path);
    return files.remove(p);
  }
}
