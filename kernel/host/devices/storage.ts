// The storage device: blobs by key, changed only by atomic commits; MemoryStorage keeps them in memory for tests.
//
// Platform-neutral: a directory on disk in Node (node_storage.ts), OPFS or IndexedDB in the browser
// later. The unit is a blob under a short key; the device knows nothing of files or directories (the
// fs component decides what the blobs mean: a manifest of its tree and one blob per file). A commit
// applies a set of writes and removals at once: after a crash at any point the store holds all of
// them or none. Calls are synchronous, as core serves its sessions within one call.
import { StorageLimit } from "../../../components/storage_session/protocol.ts";

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

/** Keys core keeps for itself on the device (the local signing key): no Storage session lists, reads or writes them. */
export const CORE_KEY_PREFIX = "_core.";

export function coreKey(key: string): boolean {
  return key.startsWith(CORE_KEY_PREFIX);
}

/** Throws unless every key of `batch` is valid: a commit is checked whole before anything changes. */
export function checkBatch(batch: StorageBatch): void {
  for (const key of batch.keys()) if (!validKey(key)) throw new Error(`invalid storage key "${key}"`);
}

/**
 * Blobs held in memory, read and listed from there: every device but the one on disk keeps them
 * so (in memory for tests, and over OPFS and IndexedDB, whose writes only persist them).
 */
export abstract class HeldBlobs implements Storage {
  protected blobs = new Map<string, Uint8Array>();

  read(key: string): Uint8Array | null {
    const b = this.blobs.get(key);
    return b ? b.slice() : null;
  }

  list(): { key: string; size: number }[] {
    return [...this.blobs.keys()].sort().map((key) => ({ key, size: this.blobs.get(key)!.length }));
  }

  abstract commit(batch: StorageBatch): void;

  /** The bytes of all blobs once `batch` is applied; throws StorageFull when that is beyond `capacity`. */
  protected sizeAfter(batch: StorageBatch, capacity: number): number {
    let total = 0;
    for (const [key, b] of this.blobs) if (!batch.has(key)) total += b.length;
    for (const b of batch.values()) total += b?.length ?? 0;
    if (total > capacity) throw new StorageFull(`the storage holds ${capacity} bytes, the commit needs ${total}`);
    return total;
  }

  /** Applies `batch` to the held blobs (copies of its bytes): call once it can no longer fail. */
  protected apply(batch: StorageBatch): void {
    for (const [key, bytes] of batch) {
      if (bytes) this.blobs.set(key, bytes.slice());
      else this.blobs.delete(key);
    }
  }
}

/** Blobs in memory: survives a reboot of the system within one process (tests boot twice with one). */
export class MemoryStorage extends HeldBlobs {
  /** Commits so far: tests see whether an operation committed. */
  commits = 0;

  /** `capacity` bounds the bytes of all blobs: a commit beyond it throws StorageFull. */
  constructor(readonly capacity = Infinity) {
    super();
  }

  commit(batch: StorageBatch): void {
    checkBatch(batch);
    this.sizeAfter(batch, this.capacity);
    this.apply(batch);
    this.commits++;
  }
}
