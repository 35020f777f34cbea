// The storage device over a directory on disk (Node): blobs in files, a manifest swapped in by rename as the commit point.
//
//   DIR/manifest         {"format": "wasmode-storage 1", "generation": G, "blobs": {KEY: {"generation": g, "size": n}}}
//   DIR/blobs/g.KEY      a blob as written by commit g; never changed after, only deleted
//   DIR/lock             the process id of the wasmode using the directory
//
// A commit writes its blobs under new names (its generation), fsyncs them and the blobs folder,
// writes the new manifest to manifest.tmp, fsyncs it, renames it over the manifest and fsyncs the
// folder. The rename is the commit point: before it the old manifest names only old, untouched
// blobs; after it the new one names only complete ones. Files no manifest names (an interrupted
// commit's, or old blobs a crash kept from being deleted) are removed when the store is opened.
import * as fs from "node:fs";
import * as path from "node:path";
import { type Storage, type StorageBatch, StorageFull, checkBatch, validKey } from "./storage.ts";

const FORMAT = "wasmode-storage 1";

interface BlobRecord { generation: number; size: number }
interface Manifest { format: string; generation: number; blobs: Record<string, BlobRecord> }

export class NodeStorage implements Storage {
  private manifest: Manifest = { format: FORMAT, generation: 0, blobs: {} };
  private readonly blobs: string;
  private locked = false;

  /** Opens (creating it if missing) the store in `dir`; throws when another live process uses it or it is damaged. */
  constructor(readonly dir: string) {
    this.blobs = path.join(dir, "blobs");
    fs.mkdirSync(this.blobs, { recursive: true });
    this.lock();
    try {
      const file = path.join(dir, "manifest");
      if (fs.existsSync(file)) this.manifest = parseManifest(fs.readFileSync(file, "utf8"), file);
      this.collect();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  read(key: string): Uint8Array | null {
    const rec = validKey(key) ? this.manifest.blobs[key] : undefined;
    return rec ? new Uint8Array(fs.readFileSync(this.blobPath(rec.generation, key))) : null;
  }

  list(): { key: string; size: number }[] {
    return Object.keys(this.manifest.blobs).sort().map((key) => ({ key, size: this.manifest.blobs[key]!.size }));
  }

  commit(batch: StorageBatch): void {
    checkBatch(batch);
    if (batch.size === 0) return;
    const generation = this.manifest.generation + 1;
    const next: Manifest = { format: FORMAT, generation, blobs: { ...this.manifest.blobs } };
    const written: string[] = [];
    const tmp = path.join(this.dir, "manifest.tmp");
    let published = false;
    try {
      for (const [key, bytes] of batch) {
        if (!bytes) {
          delete next.blobs[key];
          continue;
        }
        const file = this.blobPath(generation, key);
        written.push(file);
        writeDurably(file, bytes);
        next.blobs[key] = { generation, size: bytes.length };
      }
      syncDir(this.blobs);
      writeDurably(tmp, new TextEncoder().encode(JSON.stringify(next, null, 1) + "\n"));
      this.publish(tmp, path.join(this.dir, "manifest"));
      published = true;
      syncDir(this.dir);
    } catch (e) {
      // Once the manifest is swapped the commit stands (only its durability is in doubt): keep its blobs.
      if (published) this.manifest = next;
      else for (const f of [...written, tmp]) fs.rmSync(f, { force: true });
      if ((e as NodeJS.ErrnoException).code === "ENOSPC") throw new StorageFull(`${this.dir}: no space left on the device`);
      throw e;
    }
    const old = this.manifest;
    this.manifest = next;
    // The old blobs of changed keys are garbage now; a crash here leaves them for the next open to collect.
    for (const key of batch.keys()) {
      const rec = old.blobs[key];
      if (rec) fs.rmSync(this.blobPath(rec.generation, key), { force: true });
    }
  }

  /** The commit point: the new manifest replaces the old. Tests interrupt a commit here. */
  protected publish(tmp: string, target: string): void {
    fs.renameSync(tmp, target);
  }

  /** Gives the directory up: another process may open it now. */
  close(): void {
    if (!this.locked) return;
    this.locked = false;
    fs.rmSync(path.join(this.dir, "lock"), { force: true });
  }

  private blobPath(generation: number, key: string): string {
    return path.join(this.blobs, `${generation}.${key}`);
  }

  /** Removes what no manifest names: the leftovers of a commit a crash interrupted. */
  private collect(): void {
    fs.rmSync(path.join(this.dir, "manifest.tmp"), { force: true });
    for (const name of fs.readdirSync(this.blobs)) {
      const dot = name.indexOf(".");
      const rec = this.manifest.blobs[name.slice(dot + 1)];
      if (dot < 0 || !rec || String(rec.generation) !== name.slice(0, dot)) fs.rmSync(path.join(this.blobs, name), { force: true });
    }
    for (const [key, rec] of Object.entries(this.manifest.blobs)) {
      const file = this.blobPath(rec.generation, key);
      if (!fs.existsSync(file) || fs.statSync(file).size !== rec.size) throw new Error(`${this.dir}: blob "${key}" is missing or damaged`);
    }
  }

  /** One process at a time: two writing the same store would undo each other's commits. */
  private lock(): void {
    const file = path.join(this.dir, "lock");
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
      if (pid !== process.pid && alive(pid)) throw new Error(`${this.dir} is in use by process ${pid}`);
      // The lock of a process that is gone (killed, say): ours now.
      fs.writeFileSync(file, `${process.pid}\n`);
    }
    this.locked = true;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseManifest(text: string, file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new Error(`${file}: not a storage manifest`);
  }
  if (m?.format !== FORMAT || !Number.isInteger(m.generation) || typeof m.blobs !== "object" || m.blobs === null) {
    throw new Error(`${file}: not a "${FORMAT}" manifest`);
  }
  for (const key of Object.keys(m.blobs)) if (!validKey(key)) throw new Error(`${file}: invalid key "${key}"`);
  return m;
}

/** Writes `bytes` to `file` and waits until they are on the disk. */
function writeDurably(file: string, bytes: Uint8Array): void {
  const fd = fs.openSync(file, "w");
  try {
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the folder's entries (a file created or renamed) durable. */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
