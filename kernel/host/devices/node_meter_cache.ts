// Node device: the metered modules this host wrote, kept on disk by the SHA-256 of their original bytes.
//
// A boot meters every module anew, and the rewrite runs cold then: about half of a shell's boot
// work. An entry is what the host itself wrote for those very bytes: it is named by the hash of the
// original bytes and of the rewriter's own code (a changed rewrite never meets old entries), carries
// a hash of its content (a torn or damaged file is a miss), and is written to a temporary file
// first. Its directory is in the user's cache (bin/paths.ts: cacheDir()), never in the package:
// components cannot reach it, and whoever can write it already runs code as the user. The browser
// has no such cache: there the rewrite runs each time.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { MeterCache } from "../module_check.ts";

const SUM = 32;
/** Entries kept: a few boot images' worth; the oldest go first. */
const MAX_ENTRIES = 96;

/** A hash of the rewriter's code: the files of kernel/host/fuel (its .js in dist/, its .ts under the tests). */
export function rewriterIdentity(): Buffer {
  const self = fileURLToPath(import.meta.url);
  const dir = path.join(path.dirname(self), "../fuel"), ext = path.extname(self);
  const h = createHash("sha256");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort()) h.update(f).update("\0").update(fs.readFileSync(path.join(dir, f))).update("\0");
  return h.digest();
}

export class NodeMeterCache implements MeterCache {
  constructor(readonly dir: string, private readonly rewriter: Uint8Array = rewriterIdentity()) {}

  /** Hashed anew at every get and put: bytes are never trusted to be what they were. */
  private key(original: Uint8Array): string {
    return createHash("sha256").update(this.rewriter).update(original).digest("hex");
  }

  private sum(key: string, content: Uint8Array): Buffer {
    return createHash("sha256").update(key).update(content).digest();
  }

  get(original: Uint8Array): Uint8Array | null {
    const key = this.key(original);
    let file: Buffer;
    try {
      file = fs.readFileSync(path.join(this.dir, `${key}.wasm`));
    } catch {
      return null;
    }
    if (file.length < 8 + SUM) return null;
    const content = file.subarray(0, file.length - SUM);
    if (!this.sum(key, content).equals(file.subarray(file.length - SUM))) return null;
    return new Uint8Array(content.buffer, content.byteOffset, content.length);
  }

  put(original: Uint8Array, metered: Uint8Array): void {
    const key = this.key(original);
    const tmp = path.join(this.dir, `${key}.${process.pid}.tmp`);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, Buffer.concat([metered, this.sum(key, metered)]));
      fs.renameSync(tmp, path.join(this.dir, `${key}.wasm`));
      this.prune(`${key}.wasm`);
    } catch {
      try { fs.rmSync(tmp, { force: true }); } catch { /* nothing more to do */ }
    }
  }

  /** Removes the oldest entries past MAX_ENTRIES, never `keep` (the one just written); only after a write: rare. */
  private prune(keep: string): void {
    const entries = fs.readdirSync(this.dir).filter((f) => f.endsWith(".wasm") && f !== keep);
    if (entries.length < MAX_ENTRIES) return;
    const dated = entries.map((f) => {
      try { return { f, t: fs.statSync(path.join(this.dir, f)).mtimeMs }; } catch { return { f, t: 0 }; }
    });
    dated.sort((a, b) => a.t - b.t);
    for (const { f } of dated.slice(0, dated.length - MAX_ENTRIES + 1)) fs.rmSync(path.join(this.dir, f), { force: true });
  }
}
