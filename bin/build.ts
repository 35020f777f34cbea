// `npm run build`: builds the boot image in build/image from the sources of this checkout.
import { build } from "../kernel/host/builder/builder.ts";
import { CompileError } from "../kernel/host/builder/compile.ts";
import { loadRecipe } from "../kernel/host/builder/recipe.ts";
import { writeImageSbom } from "../kernel/host/builder/sbom_image.ts";
import { collectSources, SOURCE_PACKAGE, tarArchive } from "../kernel/host/builder/source_package.ts";
import { toolchainOf, WAT_TOOL_PACKAGES } from "../kernel/host/builder/toolchain.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { TRUSTED_KEYS } from "../kernel/host/image.ts";
import { short } from "../kernel/host/provenance/encoding.ts";
import { encodeTrustedKeys, trustedKey } from "../kernel/host/provenance/keys.ts";
import { BUILDER } from "../kernel/host/provenance/statement.ts";
import { compilerVersion, packageRoot, packageVersion } from "./paths.ts";
import { releaseKey } from "./release_key.ts";

export async function buildImage(root: string, imageDir = "build/image", quiet = false) {
  const files = new NodeFiles(root);
  const recipe = await loadRecipe(files);
  const specs = await recipe.discover(files);
  const sources = tarArchive(await collectSources(files, recipe));
  const say = quiet ? () => {} : (line: string) => process.stderr.write(line + "\n");
  const release = await releaseKey();
  say(`${release.made ? "made a new release key" : "signing with the release key"} ${short(release.key.keyid)} (${release.file})`);
  const lock = await files.read("package-lock.json");
  const toolchain = lock ? toolchainOf(new TextDecoder().decode(lock)) : [];
  const keys = new TextEncoder().encode(encodeTrustedKeys([trustedKey(release.key.publicKey, "release")]));
  const t0 = performance.now();
  const result = await build(files, specs, {
    imageDir,
    compilerVersion: compilerVersion(),
    cacheDir: imageDir.replace(/image$/, "cache"),
    progress: quiet ? undefined : say,
    extra: new Map([[SOURCE_PACKAGE, sources], [TRUSTED_KEYS, keys]]),
    // A wabt upgrade rebuilds the WAT modules, as a new asc rebuilds the rest.
    watCompilerVersion: `wabt ${packageVersion("wabt")}`,
    sign: { key: release.key, toolchain, watToolchain: lock ? toolchainOf(new TextDecoder().decode(lock), WAT_TOOL_PACKAGES) : [], builder: BUILDER.nodeBuild, profile: "release" },
  });
  // The bill of materials of what was just built, listed in the manifest too (after whatever else the image gets beside its binaries).
  result.manifest = await writeImageSbom(files, { imageDir, cacheDir: imageDir.replace(/image$/, "cache") }, result.manifest);
  if (!quiet) process.stderr.write(`image: ${imageDir} (${result.compiled.length} compiled, ${result.skipped.length} up to date, ${Math.round(performance.now() - t0)} ms)\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "build/image";
  buildImage(packageRoot, dir).catch((e) => {
    process.stderr.write((e instanceof CompileError ? e.message : String(e?.stack ?? e)) + "\n");
    process.exit(1);
  });
}
