// `npm run build`: builds the boot image in build/image from the sources of this checkout.
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { build } from "../kernel/host/builder/builder.ts";
import { CompileError } from "../kernel/host/builder/compile.ts";
import { discoverModules } from "../kernel/host/builder/modules.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), path.basename(path.dirname(path.dirname(fileURLToPath(import.meta.url)))) === "dist" ? "../.." : "..");

export async function buildImage(root: string, imageDir = "build/image", quiet = false) {
  const files = new NodeFiles(root);
  const specs = await discoverModules(files);
  const t0 = performance.now();
  const pkg = JSON.parse(new TextDecoder().decode((await files.read("node_modules/assemblyscript/package.json"))!)) as { version: string };
  const result = await build(files, specs, {
    imageDir,
    compilerVersion: pkg.version,
    cacheDir: imageDir.replace(/image$/, "cache"),
    progress: quiet ? undefined : (line) => process.stderr.write(line + "\n"),
  });
  if (!quiet) process.stderr.write(`image: ${imageDir} (${result.compiled.length} compiled, ${result.skipped.length} up to date, ${Math.round(performance.now() - t0)} ms)\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "build/image";
  buildImage(repoRoot, dir).catch((e) => {
    process.stderr.write((e instanceof CompileError ? e.message : String(e?.stack ?? e)) + "\n");
    process.exit(1);
  });
}
