// The cache of metered modules: hits only for the same bytes and the same rewriter, damaged entries are misses, refusals are never kept.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUDGET_EXPORT, FUEL_EXPORT, meter } from "../../../../kernel/host/fuel/meter.ts";
import { NodeMeterCache, rewriterIdentity } from "../../../../kernel/host/devices/node_meter_cache.ts";
import { checkModule, type MeterCache } from "../../../../kernel/host/module_check.ts";
import { boot } from "../../../../kernel/host/boot.ts";
import { BufferConsole } from "../../../../kernel/host/devices/console.ts";
import { LoadError } from "../../../../kernel/host/errors.ts";
import { bootImage, initConfig, wat } from "../../../support/system.ts";

const dirs: string[] = [];
function cacheDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "wasmode-meter-cache-"));
  dirs.push(d);
  return d;
}
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** A component whose export loops `n` times: metered, it runs out of fuel past its budget. */
const LOOPER = `(module
  (import "env" "memory" (memory 1))
  (global (export "__ipc_buffer") i32 (i32.const 1024))
  (func (export "spin") (param $n i32) (result i32) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $i)))`;

/** Runs `spin(n)` of a checked module with `budget` fuel; the result, or "out of fuel". */
function spin(module: WebAssembly.Module, budget: number, n: number): number | string {
  const inst = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
  const ex = inst.exports as Record<string, unknown>;
  (ex[BUDGET_EXPORT] as WebAssembly.Global).value = budget;
  try {
    return (ex.spin as (n: number) => number)(n);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError && (ex[FUEL_EXPORT] as WebAssembly.Global).value === 0) return "out of fuel";
    throw e;
  }
}

/** The one entry file of a cache directory. */
function onlyEntry(dir: string): string {
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  return path.join(dir, files[0]!);
}

describe("the cache of metered modules", () => {
  it("gives back what was put for the same bytes, and nothing for other bytes", async () => {
    const cache = new NodeMeterCache(cacheDir());
    const a = await wat(LOOPER), b = await wat(LOOPER.replace("1024", "2048"));
    const metered = meter(a).bytes;
    expect(cache.get(a)).toBeNull();
    cache.put(a, metered);
    expect(cache.get(a)).toEqual(metered);
    expect(cache.get(new Uint8Array(a))).toEqual(metered); // by content, not by object
    expect(cache.get(b)).toBeNull();
  });

  it("meters on a miss, keeps the rewrite, and on a hit compiles the kept rewrite: still metered", async () => {
    const dir = cacheDir();
    const bytes = await wat(LOOPER);
    const first = checkModule("looper", bytes, { cache: new NodeMeterCache(dir) });
    const entry = onlyEntry(dir);
    // A later boot (a new cache object): the entry is used, and the loop still runs on fuel.
    const gets: Uint8Array[] = [];
    const fresh = new NodeMeterCache(dir);
    const spy: MeterCache = { get: (o) => { const r = fresh.get(o); if (r) gets.push(r); return r; }, put: () => { throw new Error("a hit must not write"); } };
    const second = checkModule("looper", bytes, { cache: spy });
    expect(gets).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([path.basename(entry)]);
    for (const m of [first, second]) {
      expect(m.metered).toBe(true);
      expect(spin(m.module, 100, 50)).toBe(50);
      expect(spin(m.module, 100, 5000)).toBe("out of fuel");
    }
  });

  it("treats a damaged or truncated entry as a miss and meters again", async () => {
    const dir = cacheDir();
    const bytes = await wat(LOOPER);
    const cache = new NodeMeterCache(dir);
    cache.put(bytes, meter(bytes).bytes);
    const entry = onlyEntry(dir);
    const good = fs.readFileSync(entry);
    // The rewrite's loop check changed to something that never traps, say: the sum no longer matches.
    const bad = Buffer.from(good);
    bad[bad.length - 40]! ^= 0x01;
    fs.writeFileSync(entry, bad);
    expect(new NodeMeterCache(dir).get(bytes)).toBeNull();
    fs.writeFileSync(entry, good.subarray(0, good.length - 5));
    expect(new NodeMeterCache(dir).get(bytes)).toBeNull();
    fs.writeFileSync(entry, good.subarray(0, 10));
    const m = checkModule("looper", bytes, { cache: new NodeMeterCache(dir) });
    expect(spin(m.module, 100, 5000)).toBe("out of fuel");
    expect(fs.readFileSync(entry)).toEqual(good); // written anew
  });

  it("passes over a kept rewrite that does not compile and meters the bytes itself", async () => {
    const dir = cacheDir();
    const bytes = await wat(LOOPER);
    new NodeMeterCache(dir).put(bytes, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 0xff]));
    const m = checkModule("looper", bytes, { cache: new NodeMeterCache(dir) });
    expect(spin(m.module, 100, 5000)).toBe("out of fuel");
  });

  it("never meets the entries of another rewriter", async () => {
    const dir = cacheDir();
    const bytes = await wat(LOOPER);
    new NodeMeterCache(dir, new Uint8Array(32).fill(7)).put(bytes, meter(bytes).bytes);
    expect(new NodeMeterCache(dir).get(bytes)).toBeNull();
    expect(new NodeMeterCache(dir, new Uint8Array(32).fill(7)).get(bytes)).not.toBeNull();
    expect(rewriterIdentity()).toEqual(rewriterIdentity());
  });

  it("keeps nothing of a module the checks refuse", async () => {
    const dir = cacheDir();
    const cache = new NodeMeterCache(dir);
    const invalid = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 0xff]);
    expect(() => checkModule("broken", invalid, { cache })).toThrow(LoadError);
    // Valid, but the rewrite refuses it: the name of the host's counter is the host's.
    const own = await wat(`(module (import "env" "memory" (memory 1)) (global (export "__ipc_buffer") i32 (i32.const 0))
      (global (export "__wasmode_fuel") (mut i32) (i32.const 0)))`);
    expect(() => checkModule("own", own, { cache })).toThrow(LoadError);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it("keeps a bounded number of entries, dropping the oldest", async () => {
    const dir = cacheDir();
    const cache = new NodeMeterCache(dir);
    const rewrite = meter(await wat(LOOPER)).bytes;
    for (let i = 0; i < 100; i++) cache.put(new Uint8Array([i, 1, 2, 3]), rewrite);
    expect(fs.readdirSync(dir).length).toBeLessThanOrEqual(96);
    expect(cache.get(new Uint8Array([99, 1, 2, 3]))).toEqual(rewrite);
  });

  it("serves a boot: the first meters and keeps each module it starts, the second compiles what was kept, both run alike", async () => {
    const dir = cacheDir();
    const config = new TextEncoder().encode(initConfig(`<start name="hello_server"> <provides> <service name="Hello"/> </provides> </start>
      <start name="hello_client"/>`));
    const logs: string[][] = [];
    const seen: { gets: number; hits: number; puts: number }[] = [];
    for (let round = 0; round < 2; round++) {
      const inner = new NodeMeterCache(dir), count = { gets: 0, hits: 0, puts: 0 };
      const meterCache: MeterCache = {
        get: (o) => { count.gets++; const r = inner.get(o); if (r) count.hits++; return r; },
        put: (o, m) => { count.puts++; inner.put(o, m); },
      };
      const console = new BufferConsole();
      const { sys } = await boot({ roms: new Map(await bootImage()), config, console, meterCache });
      await sys.idle();
      logs.push(console.lines);
      seen.push(count);
    }
    expect(seen[0]).toEqual({ gets: 3, hits: 0, puts: 3 }); // init and its two children
    expect(seen[1]).toEqual({ gets: 3, hits: 3, puts: 0 });
    expect(fs.readdirSync(dir)).toHaveLength(3);
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[0].some((l) => l.includes("hello_client"))).toBe(true);
  });
});
