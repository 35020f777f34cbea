// `npm run sbom`: writes build/sbom.cdx.json, the CycloneDX bill of materials of the boot image in build/image.
import { randomUUID } from "node:crypto";
import { makeSbom, serializeSbom } from "../kernel/host/builder/sbom.ts";
import { readSbomInput, SbomError } from "../kernel/host/builder/sbom_input.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { packageRoot } from "./paths.ts";

export const SBOM_OUT = "build/sbom.cdx.json";

/** Writes the SBOM of `root`'s image; the exit status, with one line to `say` (the path and counts, or what is wrong). */
export async function sbomMain(root: string, say: (line: string) => void): Promise<number> {
  const files = new NodeFiles(root);
  try {
    const input = await readSbomInput(files, { imageDir: "build/image", cacheDir: "build/cache" });
    const bom = makeSbom(input, { timestamp: new Date(), serialNumber: `urn:uuid:${randomUUID()}` });
    await files.write(SBOM_OUT, new TextEncoder().encode(serializeSbom(bom, 2)));
    const run = input.packages.filter((p) => !p.dev).length;
    say(`sbom: ${SBOM_OUT} (${input.binaries.length} component binaries, ${input.packages.length} npm packages: ${run} at run time, ${input.packages.length - run} build only)`);
    return 0;
  } catch (e) {
    if (!(e instanceof SbomError)) throw e;
    say(`sbom: ${e.message}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  sbomMain(packageRoot, (line) => process.stderr.write(line + "\n")).then((status) => process.exit(status), (e) => {
    process.stderr.write(String(e?.stack ?? e) + "\n");
    process.exit(1);
  });
}
