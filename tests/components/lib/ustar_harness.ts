// Exports for ustar.test.ts: the SDK's ustar reader over an archive passed as a string of byte values.
import { readTar } from "../../../components/lib/ustar";

/** One row per entry (`path file CONTENT` or `path dir`), or `error: …`. */
export function read(latin1: string): string {
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = <u8>latin1.charCodeAt(i);
  const archive = readTar(bytes);
  if (!archive.ok) return "error: " + archive.error;
  const rows = new Array<string>();
  for (let i = 0; i < archive.entries.length; i++) {
    const e = archive.entries[i];
    rows.push(e.isDir ? e.path + " dir" : e.path + " file " + String.UTF8.decode(e.data.buffer.slice(e.data.byteOffset, e.data.byteOffset + e.data.length)));
  }
  return rows.join("\n");
}
