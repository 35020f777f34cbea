// The storage device: blobs by key, changed only by atomic commits; MemoryStorage keeps them in memory for tests.
//
// Platform-neutral: a directory on disk in Node (node_storage.ts), OPFS or IndexedDB in the browser
// later. The unit is a blob under a short key; the device knows nothing of files or directories (the
// fs component decides what the blobs mean: a manifest of its tree and one blob per file). A commit
// applies a set of writes and removals at once: after a crash at any point the store holds all of
// them or none. Calls are synchronous, as core serves its sessions within one call.
import { StorageLimit } from "../../abi.ts";

/** A commit: each key's new content, or null to remove it. */
export type StorageBatch = Map<string, Uint8Array | null>;

export interface Storage {
  /** The content stored under `key`, or null. */
  read(key: string): Uint8Array | null;
  /** The keys stored and their sizes, sorted by key. */
  list(): { key: string; size: number }[];
  /** Applies every write and removal of `batch` atomically; throws (changing nothing) when it cannot. */
  commit(batch: StorageBatch): void;
}

/** A full device: a commit that cannot fit (the session answers Err.NoSpace). */
export class StorageFull extends Error {}

const KEY = /^[A-Za-z0-9._-]+$/;

/** True for a key a device accepts: safe as a file name on every platform, never `.` or `..`. */
export function validKey(key: string): boolean {
  return key.length > 0 && key.length <= StorageLimit.Key && KEY.test(key) && key !== "." && key !== "..";
}

/** Throws unless every key of `batch` is valid: a commit is checked whole before anything changes. */
export function checkBatch(batch: StorageBatch): void {
  for (const key of batch.keys()) if (!validKey(key)) throw new Error(`invalid storage key "${key}"`);
}

/** Blobs in memory: survives a reboot of the system within one process (tests boot twice with one). */
export class MemoryStorage implements Storage {
  private blobs = new Map<string, Uint8Array>();
  /** Commits so far: tests see whether an operation committed. */
  commits = 0;

  /** `capacity` bounds the bytes of all blobs: a commit beyond it throws StorageFull. */
  constructor(readonly capacity = Infinity) {}

  read(key: string): Uint8Array | null {
    const b = this.blobs.get(key);
    return b ? b.slice() : null;
  }

  list(): { key: string; size: number }[] {
    return [...this.blobs.keys()].sort().map((key) => ({ key, size: this.blobs.get(key)!.length }));
  }

  commit(batch: StorageBatch): void {
    checkBatch(batch);
    const next = new Map(this.blobs);
    for (const [key, bytes] of batch) {
      if (bytes) next.set(key, bytes.slice());
      else next.delete(key);
    }
    let total = 0;
    for (const b of next.values()) total += b.length;
    if (total > this.capacity) throw new StorageFull(`the storage holds ${this.capacity} bytes, the commit needs ${total}`);
    // One assignment: a commit that threw above left the old map in place.
    this.blobs = next;
    this.commits++;
  }
}
