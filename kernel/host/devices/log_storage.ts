// The storage device over two files of synchronous random access (OPFS in a browser): an append-only log of checksummed commits.
//
// Each file starts with a snapshot record (an epoch and every blob); commits follow as batch
// records. A record is a header (magic, payload length, CRC-32 of the payload, kind) and its
// payload. A commit appends one record and flushes: a write torn by a crash or a reload fails its
// checksum, and on opening the log is replayed up to the last whole record and cut there, so a
// commit is in the store entirely or not at all. When the log outgrows its live content it is
// compacted into the other file under the next epoch; opening takes the file with the highest
// epoch whose snapshot is whole, so a compaction cut short leaves the old file in force.
import { HeldBlobs, type StorageBatch, StorageFull, checkBatch } from "./storage.ts";

/** A file with synchronous reads and writes at offsets (OPFS's FileSystemSyncAccessHandle has this shape). */
export interface SyncFile {
  getSize(): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
}

const MAGIC = 0x31534d57; // "WMS1"
const HEADER = 16;
const enum Kind { Snapshot = 1, Batch = 2 }
/** A log smaller than this is never compacted: compaction rewrites every blob. */
const MIN_COMPACT = 1 << 20;

export class LogStorage extends HeldBlobs {
  private current = 0;
  private epoch = 0;
  private end = 0;
  private live = 0;

  /** Opens the store in `files` (two, empty when new); `capacity` bounds the bytes of all blobs. */
  constructor(private files: [SyncFile, SyncFile], readonly capacity = Infinity) {
    super();
    const loaded = files.map(load);
    const best = loaded[0]!.epoch >= loaded[1]!.epoch ? 0 : 1;
    const found = loaded[best]!;
    if (found.epoch === 0) {
      this.compact(); // a new store (or two damaged files): start epoch 1 with what there is, nothing
      return;
    }
    this.current = best;
    this.epoch = found.epoch;
    this.blobs = found.blobs;
    this.end = found.end;
    this.live = total(this.blobs);
    // Cut a torn tail, so the next record follows the last whole one.
    if (files[best]!.getSize() !== found.end) files[best]!.truncate(found.end);
  }

  commit(batch: StorageBatch): void {
    checkBatch(batch);
    if (batch.size === 0) return;
    const live = this.sizeAfter(batch, this.capacity);
    const record = encodeRecord(Kind.Batch, encodeBlobs(batch));
    const file = this.files[this.current]!;
    try {
      writeAll(file, record, this.end);
      file.flush();
    } catch (e) {
      // Nothing changed: cut what part of the record got out (were that to fail too, its checksum rules it out).
      try { file.truncate(this.end); } catch { /* see above */ }
      throw isQuotaError(e) ? new StorageFull("the browser's storage quota is used up") : e;
    }
    // The record is durable: only now does the commit change what reads see.
    this.end += record.length;
    this.apply(batch);
    this.live = live;
    if (this.end > Math.max(MIN_COMPACT, 2 * this.live)) this.compact();
  }

  /** Writes every blob as a snapshot of the next epoch into the other file, which then holds the store. */
  private compact(): void {
    const next = 1 - this.current;
    const file = this.files[next]!;
    const record = encodeRecord(Kind.Snapshot, concat([u32(this.epoch + 1), encodeBlobs(this.blobs)]));
    file.truncate(0);
    writeAll(file, record, 0);
    file.flush();
    // The new file is whole: the old one may go (were this cut short, its lower epoch loses anyway).
    this.files[this.current]!.truncate(0);
    this.files[this.current]!.flush();
    this.current = next;
    this.epoch++;
    this.end = record.length;
    this.live = total(this.blobs);
  }
}

/** What one file holds: its epoch (0: no whole snapshot), its blobs after replay, where its last whole record ends. */
function load(file: SyncFile): { epoch: number; blobs: Map<string, Uint8Array>; end: number } {
  const size = file.getSize();
  const data = new Uint8Array(size);
  if (size > 0) file.read(data, { at: 0 });
  const view = new DataView(data.buffer);
  const none = { epoch: 0, blobs: new Map<string, Uint8Array>(), end: 0 };
  let at = 0, epoch = 0;
  const blobs = new Map<string, Uint8Array>();
  while (at + HEADER <= size) {
    const magic = view.getUint32(at, true), length = view.getUint32(at + 4, true), crc = view.getUint32(at + 8, true), kind = view.getUint32(at + 12, true);
    if (magic !== MAGIC || length > size - at - HEADER) break;
    const payload = data.subarray(at + HEADER, at + HEADER + length);
    if (crc32(payload) !== crc) break;
    if (at === 0) {
      if (kind !== Kind.Snapshot || length < 4) return none;
      epoch = view.getUint32(HEADER, true);
      applyBlobs(blobs, payload.subarray(4));
    } else {
      if (kind !== Kind.Batch) break;
      applyBlobs(blobs, payload);
    }
    at += HEADER + length;
  }
  return epoch === 0 ? none : { epoch, blobs, end: at };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Entries: count, then each key (length, UTF-8), a flag (1 write, 0 removal), the blob (length, bytes). */
function encodeBlobs(blobs: Map<string, Uint8Array | null>): Uint8Array {
  const parts: Uint8Array[] = [u32(blobs.size)];
  for (const [key, bytes] of blobs) {
    const k = encoder.encode(key);
    parts.push(u32(k.length), k, u32(bytes ? 1 : 0), u32(bytes?.length ?? 0));
    if (bytes) parts.push(bytes);
  }
  return concat(parts);
}

/** Applies an encoded batch; a record that passed its checksum was written by encodeBlobs, so it decodes. */
function applyBlobs(blobs: Map<string, Uint8Array>, payload: Uint8Array): void {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let at = 0;
  const count = view.getUint32(at, true);
  at += 4;
  for (let i = 0; i < count; i++) {
    const kl = view.getUint32(at, true);
    const key = decoder.decode(payload.subarray(at + 4, at + 4 + kl));
    at += 4 + kl;
    const write = view.getUint32(at, true) === 1, n = view.getUint32(at + 4, true);
    at += 8;
    if (write) blobs.set(key, payload.slice(at, at + n));
    else blobs.delete(key);
    at += n;
  }
}

function encodeRecord(kind: Kind, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, crc32(payload), true);
  view.setUint32(12, kind, true);
  return concat([header, payload]);
}

function writeAll(file: SyncFile, bytes: Uint8Array, at: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = file.write(bytes.subarray(done), { at: at + done });
    if (n <= 0) throw new StorageFull("the storage device took no more bytes");
    done += n;
  }
}

/** The platform's "no more room" (OPFS throws a DOMException named QuotaExceededError). */
function isQuotaError(e: unknown): boolean {
  return e instanceof Error && e.name === "QuotaExceededError";
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function total(blobs: Map<string, Uint8Array>): number {
  let n = 0;
  for (const b of blobs.values()) n += b.length;
  return n;
}

let table: Uint32Array | null = null;

/** CRC-32 (IEEE), as zip and PNG use it. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
