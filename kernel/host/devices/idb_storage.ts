// Browser device: the storage device in IndexedDB, for browsers whose workers have no OPFS.
//
// IndexedDB is asynchronous and core's Storage service is not: the blobs are read into memory
// when the device opens, reads are served from there, and each commit goes out as one IndexedDB
// transaction. A transaction applies all of its writes or none, and transactions on one store run
// in the order they were made, so the stored state is always some prefix of the commits, each
// whole. The price of the asynchrony: a commit is durable a moment after it returns (when its
// transaction completes); a reload in that moment loses that commit entirely, never a part of it.
// OPFS (opfs_storage.ts) has no such moment and is preferred where there is one.
import { HeldBlobs, type StorageBatch, StorageFull, checkBatch } from "./storage.ts";

const STORE = "blobs";

export class IdbStorage extends HeldBlobs {
  /** Transactions not yet complete: closing waits for them. */
  private inFlight = new Set<Promise<void>>();
  /** The first error a transaction met: later commits are refused with it (the store would go stale). */
  private failed: Error | null = null;

  private constructor(private db: IDBDatabase, blobs: Map<string, Uint8Array>, readonly capacity: number) {
    super();
    this.blobs = blobs;
  }

  /** Opens (creating it if missing) the database `name` and reads every blob. */
  static async open(name = "wasmode", capacity = Infinity): Promise<IdbStorage> {
    const db = await request(indexedDB.open(name, 1), (req) => {
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    });
    const tx = db.transaction(STORE, "readonly");
    const store = tx.objectStore(STORE);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const blobs = new Map<string, Uint8Array>();
    keys.forEach((k, i) => {
      if (typeof k === "string" && values[i] instanceof Uint8Array) blobs.set(k, values[i] as Uint8Array);
    });
    return new IdbStorage(db, blobs, capacity);
  }

  commit(batch: StorageBatch): void {
    checkBatch(batch);
    if (this.failed) throw this.failed;
    if (batch.size === 0) return;
    this.sizeAfter(batch, this.capacity);
    const tx = this.db.transaction(STORE, "readwrite", { durability: "strict" });
    const store = tx.objectStore(STORE);
    for (const [key, bytes] of batch) {
      if (bytes) store.put(bytes.slice(), key);
      else store.delete(key);
    }
    this.apply(batch);
    const done = new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => {
        this.failed ??= new StorageFull(`IndexedDB refused a commit: ${tx.error?.message ?? "aborted"}`);
        resolve();
      };
    });
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
  }

  /** Resolves when every commit made so far is durable. */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** An IndexedDB request as a promise; `setup` may add handlers (onupgradeneeded) before it runs. */
function request<T>(req: IDBRequest<T>, setup?: (req: IDBRequest<T> & IDBOpenDBRequest) => void): Promise<T> {
  setup?.(req as IDBRequest<T> & IDBOpenDBRequest);
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}
