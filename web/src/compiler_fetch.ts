// Fetches the compiler's files before asc is imported, telling bytes as they arrive, so the import then finds them in the browser's cache.
//
// A module import tells nothing until it is done; a fetch read as a stream tells every chunk. The
// build lists the files and their sizes in compiler.json (web/plugins/compiler_chunks.ts), beside
// the compiler worker; the dev server has no such list, and then asc is imported plainly.
import type { CompileProgress } from "../../kernel/host/devices/compiler.ts";

/** One file of the compiler: its name relative to the list, its size as built (decoded). */
export interface CompilerFile {
  name: string;
  bytes: number;
}

const COMPILER_LIST = "compiler.json";

/** The compiler's files as the build listed them beside `base`; null where there is no list. */
export async function compilerFiles(base: URL): Promise<CompilerFile[] | null> {
  let response: Response;
  try {
    // Revalidated each time: the list's name carries no hash, the files it names do.
    response = await fetch(new URL(COMPILER_LIST, base), { cache: "no-cache" });
  } catch {
    return null;
  }
  // A dev server answers an unknown path with its page: that is no list either.
  if (!response.ok || !/json/.test(response.headers.get("content-type") ?? "")) return null;
  const list = (await response.json().catch(() => null)) as { files?: unknown } | null;
  const files = list?.files;
  if (!Array.isArray(files) || files.length === 0) return null;
  const good = files.every((f: Partial<CompilerFile>) => typeof f?.name === "string" && Number.isInteger(f.bytes) && f.bytes! >= 0);
  return good ? (files as CompilerFile[]) : null;
}

/** Megabytes to one decimal, as the progress lines show them. */
export const megabytes = (n: number): string => (n / 1e6).toFixed(1);

/** How many progress lines a load tells at most: one per tenth of the bytes. */
const STEPS = 10;

/**
 * Reads every file whole (all at once), telling `progress` each time another tenth of the total
 * has arrived; gives the bytes read. A file that cannot be fetched throws, naming it.
 */
export async function fetchCompilerFiles(base: URL, files: CompilerFile[], progress: (p: CompileProgress) => void): Promise<number> {
  const total = files.reduce((n, f) => n + f.bytes, 0);
  let loaded = 0, told = 0;
  const tell = () => {
    const step = total > 0 ? Math.floor((loaded * STEPS) / total) : 0;
    if (step <= told || loaded >= total) return;
    told = step;
    progress({ phase: "loading", loaded, total, line: `loading the AssemblyScript compiler: ${megabytes(loaded)} of ${megabytes(total)} MB` });
  };
  await Promise.all(files.map(async (f) => {
    const url = new URL(f.name, base);
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      tell();
    }
  }));
  return loaded;
}
