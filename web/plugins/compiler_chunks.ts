// Vite plugin for the worker bundles: lists the files of the AssemblyScript compiler's chunk in compiler.json, beside the worker that imports it.
//
// The page's compiler worker reads the list before it imports asc, fetches those files with a
// streamed reader (bytes as they arrive, against the total the list gives), and then imports asc,
// which finds them in the browser's cache. The sizes are of the files as built (decoded bytes), so
// the progress is the same whether a host sends them compressed or not.
import * as path from "node:path";
import type { Plugin } from "vite";

/** The name of the list, in the folder of the worker that imports the compiler. */
export const COMPILER_LIST = "compiler.json";

/** The module asc's package exports as `assemblyscript/asc`: the root of the compiler's chunk. */
const ASC_MODULE = /[\\/]assemblyscript[\\/]dist[\\/]asc\.js$/;

interface ChunkInfo {
  type: "chunk";
  fileName: string;
  code: string;
  imports: string[];
  dynamicImports: string[];
  facadeModuleId: string | null;
  moduleIds: string[];
}

export function compilerChunks(): Plugin {
  return {
    name: "wasmode-compiler-chunks",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is typeof o & ChunkInfo => o.type === "chunk") as unknown as ChunkInfo[];
      const asc = chunks.find((c) => (c.facadeModuleId !== null && ASC_MODULE.test(c.facadeModuleId)) || c.moduleIds.some((id) => ASC_MODULE.test(id)));
      // Every worker bundle passes here; only the compiler worker's holds asc.
      if (!asc) return;
      const importer = chunks.find((c) => c.dynamicImports.includes(asc.fileName));
      if (!importer) this.error(`${asc.fileName} holds the compiler, but no chunk imports it dynamically`);
      // The chunk and what it imports statically (the bundler's runtime): what an import of asc fetches.
      const files: string[] = [];
      const visit = (name: string) => {
        if (files.includes(name)) return;
        files.push(name);
        const c = bundle[name] as unknown as ChunkInfo | undefined;
        if (c?.type === "chunk") for (const i of c.imports) visit(i);
      };
      visit(asc.fileName);
      const dir = path.posix.dirname(importer.fileName);
      const list = files.map((name) => {
        const c = bundle[name] as unknown as ChunkInfo;
        return { name: path.posix.relative(dir, name), bytes: Buffer.byteLength(c.code) };
      });
      this.emitFile({ type: "asset", fileName: path.posix.join(dir, COMPILER_LIST), source: JSON.stringify({ files: list }, null, 1) + "\n" });
    },
  };
}
