// Browser device: the Files interface over HTTP, read-only: the boot image as the web server serves it.
import type { Files } from "../files.ts";

export class FetchFiles implements Files {
  /** `base`: the URL the paths are relative to (a folder, ending in '/'). */
  constructor(readonly base: string | URL) {}

  async read(path: string): Promise<Uint8Array | null> {
    const url = new URL(path, this.base);
    const response = await fetch(url);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async write(path: string): Promise<void> { throw new Error(`${path}: files served over HTTP are read-only`); }
  async list(): Promise<string[] | null> { return null; }
  async remove(path: string): Promise<void> { throw new Error(`${path}: files served over HTTP are read-only`); }
}
