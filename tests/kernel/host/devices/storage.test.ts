// The storage device: commits, reloads, and commits interrupted before their commit point, in memory and on disk.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MemoryStorage, type Storage, type StorageBatch, StorageFull, validKey } from "../../../../kernel/host/devices/storage.ts";
import { NodeStorage } from "../../../../kernel/host/devices/node_storage.ts";
import { LogStorage } from "../../../../kernel/host/devices/log_storage.ts";
import { MemoryFile } from "./memory_file.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
const batch = (entries: Record<string, string | null>): StorageBatch =>
  new Map(Object.entries(entries).map(([k, v]) => [k, v === null ? null : bytes(v)]));

/** What a store holds, as text by key. */
function contents(s: Storage): Record<string, string | null> {
  return Object.fromEntries(s.list().map(({ key }) => [key, text(s.read(key))]));
}

/** A NodeStorage whose commit dies right before the rename that is its commit point. */
class CrashingStorage extends NodeStorage {
  protected override publish(): void { throw new Error("crash"); }
}

const dirs: string[] = [];
function scratchDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "wasmode-storage-"));
  dirs.push(d);
  return d;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe("storage keys", () => {
  it("are short names safe as file names", () => {
    for (const k of ["tree", "f12", "a.b-c_D"]) expect(validKey(k)).toBe(true);
    for (const k of ["", ".", "..", "a/b", "a b", "ä", "x".repeat(65)]) expect(validKey(k), k).toBe(false);
  });
});

describe.each([
  ["MemoryStorage", () => { const m = new MemoryStorage(); return { open: () => m }; }],
  ["NodeStorage", () => { const d = scratchDir(); let s: NodeStorage | null = null; return { open: () => { s?.close(); return (s = new NodeStorage(d)); } }; }],
  ["LogStorage", () => { const files: [MemoryFile, MemoryFile] = [new MemoryFile(), new MemoryFile()]; return { open: () => new LogStorage(files) }; }],
] as const)("%s", (_name, make) => {
  it("commits writes and removals together, and a reopened store holds them", () => {
    const dev = make();
    const s = dev.open();
    expect(s.list()).toEqual([]);
    s.commit(batch({ tree: "v1", f1: "one", f2: "two" }));
    s.commit(batch({ tree: "v2", f1: null, f3: "" }));
    expect(contents(s)).toEqual({ tree: "v2", f2: "two", f3: "" });
    expect(s.list()).toEqual([{ key: "f2", size: 3 }, { key: "f3", size: 0 }, { key: "tree", size: 2 }]);
    expect(contents(dev.open())).toEqual({ tree: "v2", f2: "two", f3: "" });
    expect(s.read("f1")).toBeNull();
  });

  it("refuses a batch with an invalid key whole: nothing of it is applied", () => {
    const s = make().open();
    s.commit(batch({ tree: "v1" }));
    expect(() => s.commit(batch({ tree: "v2", "../evil": "x" }))).toThrow(/invalid storage key/);
    expect(contents(s)).toEqual({ tree: "v1" });
  });
});

describe("MemoryStorage", () => {
  it("throws StorageFull beyond its capacity and keeps what it had", () => {
    const s = new MemoryStorage(8);
    s.commit(batch({ a: "1234" }));
    expect(() => s.commit(batch({ b: "123456" }))).toThrow(StorageFull);
    expect(contents(s)).toEqual({ a: "1234" });
    expect(s.commits).toBe(1);
  });
});

describe("NodeStorage", () => {
  it("a commit interrupted before its rename leaves the previous state intact, and its leftovers go at the next open", () => {
    const dir = scratchDir();
    const s = new NodeStorage(dir);
    s.commit(batch({ tree: "v1", f1: "old" }));
    s.close();
    const crashing = new CrashingStorage(dir);
    expect(() => crashing.commit(batch({ tree: "v2", f1: null, f2: "new" }))).toThrow("crash");
    expect(contents(crashing)).toEqual({ tree: "v1", f1: "old" });
    crashing.close();
    // A kill at the same point leaves the new blobs and manifest.tmp behind: simulate them.
    writeFileSync(path.join(dir, "manifest.tmp"), "{ torn");
    writeFileSync(path.join(dir, "blobs", "9.f2"), "half");
    const again = new NodeStorage(dir);
    expect(contents(again)).toEqual({ tree: "v1", f1: "old" });
    expect(existsSync(path.join(dir, "manifest.tmp"))).toBe(false);
    expect(readdirSync(path.join(dir, "blobs")).sort()).toEqual(["1.f1", "1.tree"]);
    again.close();
  });

  it("keeps one blob file per key: superseded ones are deleted", () => {
    const dir = scratchDir();
    const s = new NodeStorage(dir);
    for (let i = 0; i < 5; i++) s.commit(batch({ tree: `v${i}` }));
    expect(readdirSync(path.join(dir, "blobs"))).toEqual(["5.tree"]);
    s.close();
  });

  it("is used by one process at a time; a dead process's lock is taken over", () => {
    const dir = scratchDir();
    const s = new NodeStorage(dir);
    writeFileSync(path.join(dir, "lock"), `${process.ppid}\n`);
    expect(() => new NodeStorage(dir)).toThrow(/in use by process/);
    writeFileSync(path.join(dir, "lock"), "999999999\n");
    expect(() => new NodeStorage(dir).close()).not.toThrow();
    s.close();
  });

  it("refuses a damaged store instead of overwriting it", () => {
    const dir = scratchDir();
    const s = new NodeStorage(dir);
    s.commit(batch({ tree: "v1" }));
    s.close();
    writeFileSync(path.join(dir, "manifest"), "not json");
    expect(() => new NodeStorage(dir)).toThrow(/not a storage manifest/);
    expect(existsSync(path.join(dir, "lock"))).toBe(false);
  });
});
