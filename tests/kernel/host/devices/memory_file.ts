// A file in memory with OPFS's synchronous access shape, which a test can make crash after so many bytes written.
import type { SyncFile } from "../../../../kernel/host/devices/log_storage.ts";

export class Crash extends Error {}

export class MemoryFile implements SyncFile {
  data = new Uint8Array(0);
  private size = 0;
  /** Bytes the file still takes before it "crashes": a write past it lands in part and throws. */
  budget = Infinity;
  /** A crash leaves the file at the full length of the cut write, its missing bytes zero (size updated before data). */
  zeroFill = false;

  getSize(): number { return this.size; }

  read(buffer: Uint8Array, { at }: { at: number }): number {
    const n = Math.max(0, Math.min(buffer.length, this.size - at));
    buffer.set(this.data.subarray(at, at + n));
    return n;
  }

  write(buffer: Uint8Array, { at }: { at: number }): number {
    const n = Math.min(buffer.length, this.budget);
    this.budget -= n;
    this.ensure(at + n);
    this.data.set(buffer.subarray(0, n), at);
    this.size = Math.max(this.size, at + n);
    if (n < buffer.length) {
      if (this.zeroFill) {
        this.ensure(at + buffer.length);
        this.size = Math.max(this.size, at + buffer.length);
      }
      throw new Crash("crash");
    }
    return n;
  }

  truncate(size: number): void {
    if (this.budget <= 0) throw new Crash("crash");
    this.ensure(size);
    this.data.fill(0, size);
    this.size = size;
  }

  flush(): void {
    if (this.budget <= 0) throw new Crash("crash");
  }

  private ensure(n: number): void {
    if (n <= this.data.length) return;
    const grown = new Uint8Array(Math.max(n, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
}
