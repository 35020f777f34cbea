// Where tests find the repository, the boot image and Genode's conformance corpus.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const imageDir = path.join(repoRoot, "build/image");

/** Genode's init configs (AGPL test data beside the repository, read at run time, never copied into it). */
export const corpusDir = process.env.WASMODE_GENODE_INIT_CORPUS ?? path.resolve(repoRoot, "../shared/conformance/genode-init");
if (!existsSync(corpusDir)) throw new Error(`Genode's init corpus is not at ${corpusDir} (set WASMODE_GENODE_INIT_CORPUS)`);
