// Core's Storage service: the storage device, one client at a time (the fs component), its commits staged in chunks.
//
// A blob travels in pieces of at most StorageLimit.Chunk bytes, one IPC buffer each: Read takes
// pieces of the stored blob, Write stages pieces of a new one. Nothing reaches the device until
// Commit, which hands it everything staged as one atomic batch. Keys under CORE_KEY_PREFIX are
// core's own (the local signing key): hidden from lists and reads, refused to writes and removals.
import { Err, Msg } from "../../abi.ts";
import { StorageLimit, StorageOp, StorageSessionQuota } from "../../../components/storage_session/protocol.ts";
import { coreKey, type Storage, type StorageBatch, StorageFull, validKey } from "../devices/storage.ts";
import type { Core } from "./core.ts";
import { deviceService, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";
import { StagedBytes } from "./staged_bytes.ts";

export class StorageSession implements Session {
  slot = 0;
  /** Writes (or removals: null) staged for the next commit, by key. */
  private staged = new Map<string, StagedBytes | null>();
  private stagedBytes = 0;
  /** The blob the last Read came from: reading a blob piece by piece fetches it from the device once. */
  private cached: { key: string; bytes: Uint8Array | null } | null = null;

  constructor(private core: Core, private storage: Storage, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message): number {
    switch (msg.op) {
      case StorageOp.List: return this.list(msg);
      case StorageOp.Read: {
        const key = msg.string(), offset = msg.u32(), max = msg.u32();
        if (!validKey(key) || max > StorageLimit.Chunk) return Err.Invalid;
        // Core's own keys are not there for a session.
        if (coreKey(key)) return Err.NotFound;
        if (this.cached?.key !== key) this.cached = { key, bytes: this.storage.read(key) };
        const blob = this.cached.bytes;
        if (!blob) return Err.NotFound;
        const piece = blob.subarray(Math.min(offset, blob.length), Math.min(offset + max, blob.length));
        msg.reply().putBlob(piece);
        return piece.length;
      }
      case StorageOp.Write: {
        const key = msg.string(), offset = msg.u32(), piece = msg.blob();
        if (!validKey(key) || piece.length > StorageLimit.Chunk) return Err.Invalid;
        if (coreKey(key)) return this.refuseCoreKey(key, "write");
        let blob = this.staged.get(key);
        if (offset === 0) {
          this.unstage(key);
          blob = new StagedBytes();
          this.staged.set(key, blob);
        }
        // Pieces come in order: a gap or an overlap is a client's bug, not something to guess at.
        if (!blob || blob.length !== offset) return Err.Invalid;
        if (this.stagedBytes + piece.length > StorageLimit.Staged) return Err.NoSpace;
        blob.append(piece);
        this.stagedBytes += piece.length;
        msg.reply();
        return Err.Ok;
      }
      case StorageOp.Remove: {
        const key = msg.string();
        if (!validKey(key)) return Err.Invalid;
        if (coreKey(key)) return this.refuseCoreKey(key, "remove");
        this.unstage(key);
        this.staged.set(key, null);
        msg.reply();
        return Err.Ok;
      }
      case StorageOp.Commit: {
        msg.reply();
        return this.commit();
      }
      case StorageOp.Abort:
        this.clear();
        msg.reply();
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  private list(msg: Message): number {
    const first = msg.u32();
    const all = this.storage.list().filter((e) => !coreKey(e.key));
    msg.reply();
    let used = 0, n = 0;
    for (let i = first; i < all.length; i++) {
      // A key (length word, bytes padded to a word) and its size.
      const size = 8 + ((all[i]!.key.length + 3) & ~3);
      if (used + size > Msg.MaxPayload) break;
      msg.putString(all[i]!.key).putU32(all[i]!.size);
      used += size;
      n++;
    }
    return n;
  }

  /** A write or removal of one of core's keys: refused, nothing staged, and said in one line. */
  private refuseCoreKey(key: string, what: string): number {
    this.core.sys.console.write(`[core] ${this.label}: storage ${what} of "${key}" refused: keys starting with "_core." are core's own`);
    return Err.Denied;
  }

  /** Hands everything staged to the device as one batch; staged or not, it is gone afterwards. */
  private commit(): number {
    const batch: StorageBatch = new Map();
    for (const [key, blob] of this.staged) batch.set(key, blob ? blob.take() : null);
    this.clear();
    this.cached = null;
    try {
      this.storage.commit(batch);
      return Err.Ok;
    } catch (e) {
      this.core.sys.console.write(`[core] ${this.label}: storage commit failed: ${(e as Error).message}`);
      return e instanceof StorageFull ? Err.NoSpace : Err.Invalid;
    }
  }

  private unstage(key: string): void {
    const old = this.staged.get(key);
    if (old) this.stagedBytes -= old.length;
    this.staged.delete(key);
  }

  private clear(): void {
    this.staged.clear();
    this.stagedBytes = 0;
  }

  close(): void {
    this.clear();
    this.cached = null;
  }
}

/** Core's Storage service: one device, one client; the fs component gives File_system sessions over it. */
export const storageService: CoreServiceMaker = (core) => deviceService(core, {
  name: "Storage",
  cost: { ram: StorageSessionQuota.Ram, caps: ENDPOINT_CAPS },
  device: () => core.storage,
  absent: "the platform has no storage device (nothing persists)",
  inUse: "the storage device is in use",
  session: (storage, badge, label) => new StorageSession(core, storage, badge, label),
});
