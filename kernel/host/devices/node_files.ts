// Node device: the Files interface over a directory of the host's file system.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Files } from "../files.ts";

export class NodeFiles implements Files {
  constructor(readonly root: string) {}

  private resolve(p: string): string {
    return path.resolve(this.root, p);
  }
  async read(p: string): Promise<Uint8Array | null> {
    try {
      const b = await fs.readFile(this.resolve(p));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "EISDIR") return null;
      throw e;
    }
  }
  async write(p: string, bytes: Uint8Array): Promise<void> {
    const full = this.resolve(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, bytes);
  }
  async list(p: string): Promise<string[] | null> {
    try {
      return (await fs.readdir(this.resolve(p))).sort();
    } catch {
      return null;
    }
  }
  async remove(p: string): Promise<void> {
    await fs.rm(this.resolve(p), { recursive: true, force: true });
  }
}
