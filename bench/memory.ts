// Process memory as the spawn bench sees it: V8's counters, RSS, and each Wasm memory's resident bytes (Linux smaps).
import * as fs from "node:fs";
import { gc } from "./stats.ts";

/** One Wasm linear memory: its accessible bytes and how many of them are resident (touched). */
export interface WasmMapping { size: number; rss: number }

export interface MemSnapshot {
  rss: number;
  heapUsed: number;
  external: number;
  /** Every Wasm memory of the process (Linux only; null elsewhere). */
  wasm: WasmMapping[] | null;
}

const GUARD = 2 ** 30;

/**
 * V8 reserves each wasm32 memory with guard regions: an inaccessible (---p) region of gigabytes, the
 * accessible rw-p pages, another gigabytes-long ---p region. Every rw-p mapping with such neighbours
 * is one Wasm memory; its Rss is how much of it was touched.
 */
function wasmMappings(): WasmMapping[] | null {
  let text: string;
  try { text = fs.readFileSync("/proc/self/smaps", "utf8"); } catch { return null; }
  const vmas: { size: number; perms: string; rss: number }[] = [];
  for (const line of text.split("\n")) {
    const h = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) /.exec(line);
    if (h) vmas.push({ size: parseInt(h[2]!, 16) - parseInt(h[1]!, 16), perms: h[3]!, rss: 0 });
    else if (line.startsWith("Rss:") && vmas.length) vmas[vmas.length - 1]!.rss = parseInt(line.slice(4), 10) * 1024;
  }
  const out: WasmMapping[] = [];
  for (let i = 1; i + 1 < vmas.length; i++) {
    const v = vmas[i]!, before = vmas[i - 1]!, after = vmas[i + 1]!;
    if (v.perms !== "rw-p" || before.perms !== "---p" || before.size < GUARD || after.perms !== "---p" || after.size < GUARD) continue;
    out.push({ size: v.size, rss: v.rss });
  }
  return out;
}

/** A snapshot after a full gc. */
export function snapshot(): MemSnapshot {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, wasm: wasmMappings() };
}

/** Collects until dead Wasm memories are unmapped (V8 frees backing stores after the gc, off the main thread). */
export async function settle(): Promise<void> {
  let last = Infinity;
  for (let i = 0; i < 20; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 25));
    const n = wasmMappings()?.length ?? 0;
    if (n >= last) return;
    last = n;
  }
}

/** Count and resident bytes of the Wasm memories of exactly `size` bytes. */
export function ofSize(wasm: WasmMapping[], size: number): { count: number; rss: number } {
  let count = 0, rss = 0;
  for (const m of wasm) if (m.size === size) { count++; rss += m.rss; }
  return { count, rss };
}
