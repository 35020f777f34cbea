// LogStorage (the browser's storage device over OPFS): a crash at any byte of a commit or a compaction loses nothing committed.
import { describe, expect, it } from "vitest";
import { LogStorage, crc32 } from "../../../../kernel/host/devices/log_storage.ts";
import { type Storage, type StorageBatch, StorageFull } from "../../../../kernel/host/devices/storage.ts";
import { random } from "../../../support/random.ts";
import { Crash, MemoryFile } from "./memory_file.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

function contents(s: Storage): Record<string, string | null> {
  return Object.fromEntries(s.list().map(({ key }) => [key, text(s.read(key))]));
}

/** A random batch: writes of random sizes (some large, to force compactions) and removals of known keys. */
function randomBatch(next: () => number, known: string[]): StorageBatch {
  const b: StorageBatch = new Map();
  const n = 1 + Math.floor(next() * 3);
  for (let i = 0; i < n; i++) {
    const key = next() < 0.3 && known.length ? known[Math.floor(next() * known.length)]! : `k${Math.floor(next() * 8)}`;
    if (next() < 0.2) b.set(key, null);
    else b.set(key, bytes(String(Math.floor(next() * 1e6)).repeat(1 + Math.floor(next() * (next() < 0.1 ? 40000 : 20)))));
  }
  return b;
}

function applied(state: Record<string, string | null>, b: StorageBatch): Record<string, string | null> {
  const next = { ...state };
  for (const [k, v] of b) {
    if (v) next[k] = text(v);
    else delete next[k];
  }
  return next;
}

describe("LogStorage", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(bytes("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("holds every commit that returned after a crash at any byte, and no part of the one cut short", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const files: [MemoryFile, MemoryFile] = [new MemoryFile(), new MemoryFile()];
      let store = new LogStorage(files);
      let committed: Record<string, string | null> = {};
      for (let round = 0; round < 30; round++) {
        const b = randomBatch(next, Object.keys(committed));
        // The machine dies somewhere in this commit (or not at all), then the store is opened again.
        files[0].budget = files[1].budget = next() < 0.5 ? Math.floor(next() * 400_000) : Infinity;
        files[0].zeroFill = files[1].zeroFill = next() < 0.5;
        let crashed = false;
        try {
          store.commit(b);
          committed = applied(committed, b);
        } catch (e) {
          if (!(e instanceof Crash)) throw e;
          crashed = true;
        }
        files[0].budget = files[1].budget = Infinity;
        if (crashed || next() < 0.2) {
          store = new LogStorage(files);
          const seen = contents(store);
          // A commit whose record got out whole but whose flush "crashed" may stand: all of it or nothing.
          if (crashed && JSON.stringify(seen) === JSON.stringify(applied(committed, b))) committed = applied(committed, b);
          expect(seen, `seed ${seed} round ${round}`).toEqual(committed);
        }
      }
    }
  });

  it("compacts a log that outgrew its content into the other file", () => {
    const files: [MemoryFile, MemoryFile] = [new MemoryFile(), new MemoryFile()];
    const store = new LogStorage(files);
    const big = bytes("x".repeat(300_000));
    for (let i = 0; i < 10; i++) store.commit(new Map([["f", big]]));
    expect(files[0].getSize() + files[1].getSize()).toBeLessThan(3 * big.length);
    expect(contents(new LogStorage(files))).toEqual({ f: text(big) });
  });

  it("throws StorageFull beyond its capacity and keeps what it had", () => {
    const files: [MemoryFile, MemoryFile] = [new MemoryFile(), new MemoryFile()];
    const store = new LogStorage(files, 10);
    store.commit(new Map([["a", bytes("1234")]]));
    expect(() => store.commit(new Map([["b", bytes("1234567")]]))).toThrow(StorageFull);
    expect(contents(store)).toEqual({ a: "1234" });
    expect(contents(new LogStorage(files, 10))).toEqual({ a: "1234" });
  });

  it("opens damaged files as an empty store rather than failing", () => {
    const files: [MemoryFile, MemoryFile] = [new MemoryFile(), new MemoryFile()];
    files[0].write(bytes("not a wasmode store at all"), { at: 0 });
    const store = new LogStorage(files);
    expect(store.list()).toEqual([]);
    store.commit(new Map([["a", bytes("1")]]));
    expect(contents(new LogStorage(files))).toEqual({ a: "1" });
  });
});
