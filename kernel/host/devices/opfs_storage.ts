// Browser device: the storage device in the origin private file system (OPFS), opened from the OS worker.
//
// OPFS gives a dedicated worker synchronous access handles: reads, writes and flushes that return
// when done, which is what core's synchronous Storage service needs. The store is two files in
// the folder `wasmode/` of the origin's private file system, in LogStorage's format. A handle is
// exclusive: while an older page of this origin (one being reloaded) still holds the files, opening
// is retried for a while; a second tab that keeps them gets an error and runs without persistence.
import { LogStorage, type SyncFile } from "./log_storage.ts";

/** The parts of the OPFS API the device uses (typed here: the DOM and worker libraries differ on them). */
interface FileHandle { createSyncAccessHandle(): Promise<SyncFile & { close(): void }> }
interface DirectoryHandle { getDirectoryHandle(name: string, o: { create: boolean }): Promise<DirectoryHandle>; getFileHandle(name: string, o: { create: boolean }): Promise<FileHandle> }
interface StorageManagerWithOpfs { getDirectory?(): Promise<DirectoryHandle> }

export interface OpenedStorage {
  storage: LogStorage;
  /** Lets go of the files (another page may then open them). */
  close(): void;
}

/** True where this context can open OPFS files synchronously (a dedicated worker of a browser that has OPFS). */
export function hasOpfs(): boolean {
  const storage = (globalThis as unknown as { navigator?: { storage?: StorageManagerWithOpfs } }).navigator?.storage;
  return typeof storage?.getDirectory === "function" && typeof (globalThis as { FileSystemSyncAccessHandle?: unknown }).FileSystemSyncAccessHandle === "function";
}

/** Opens (creating them if missing) the store's files; retries while another page holds them, for up to `patienceMs`. */
export async function openOpfsStorage(folder = "wasmode", patienceMs = 5000): Promise<OpenedStorage> {
  const storage = (globalThis as unknown as { navigator: { storage: StorageManagerWithOpfs } }).navigator.storage;
  if (!hasOpfs() || !storage.getDirectory) throw new Error("this browser has no origin private file system for workers");
  const root = await storage.getDirectory();
  const dir = await root.getDirectoryHandle(folder, { create: true });
  const handles = [await dir.getFileHandle("store.0", { create: true }), await dir.getFileHandle("store.1", { create: true })];
  const t0 = performance.now();
  for (;;) {
    const opened: (SyncFile & { close(): void })[] = [];
    try {
      for (const h of handles) opened.push(await h.createSyncAccessHandle());
      const files = opened as [SyncFile & { close(): void }, SyncFile & { close(): void }];
      return { storage: new LogStorage(files), close: () => { for (const f of files) f.close(); } };
    } catch (e) {
      for (const f of opened) f.close();
      // NoModificationAllowedError: another context holds a handle (the page being reloaded lets go soon).
      if ((e as Error).name !== "NoModificationAllowedError") throw new Error(`cannot open the files in OPFS ${folder}/: ${(e as Error).message}`);
      if (performance.now() - t0 > patienceMs) throw new Error(`the files in OPFS ${folder}/ are in use by another tab of this site`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
