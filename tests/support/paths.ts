// Where tests find the repository, the boot image and Genode's conformance corpus (bin/paths.ts computes them).
import { readdirSync } from "node:fs";
import { describe, it } from "vitest";
import { genodeInitCorpus, imageDir, packageRoot } from "../../bin/paths.ts";

export { imageDir };
export const repoRoot = packageRoot;

/** Genode's init configs (AGPL test data beside the repository, read at run time, never copied into it). */
export const corpus = genodeInitCorpus();
export const corpusDir = corpus.dir;

/** The corpus's files whose names match, sorted; none when the corpus is missing (its tests are skipped then). */
export function corpusFiles(match: RegExp): string[] {
  return corpus.found ? readdirSync(corpusDir).filter((f) => match.test(f)).sort() : [];
}

/**
 * A describe block that needs the corpus: without it, the block's tests are skipped (counted as
 * skipped, never as passed) under a name that says why.
 */
export function describeWithCorpus(name: string, body: () => void): void {
  if (corpus.found) describe(name, body);
  // The body is not even collected (it may read the corpus as it lists its tests): one skipped test says why.
  else describe.skip(name, () => { it(corpus.missing, () => {}); });
}

/** A test that needs the corpus: skipped, saying why, when it is missing. */
export function itWithCorpus(name: string, body: () => void | Promise<void>, timeout?: number): void {
  if (corpus.found) it(name, body, timeout);
  else it.skip(`${name}: ${corpus.missing}`, () => {});
}

/** it.each over corpus files, or one skipped test saying why when the corpus is missing. */
export function itEachCorpusFile(files: string[]): (name: string, body: (file: string) => void | Promise<void>, timeout?: number) => void {
  return (name, body, timeout) => {
    if (corpus.found) it.each(files)(name, body, timeout);
    else it.skip(`${name.replace("%s", "each corpus file")}: ${corpus.missing}`, () => {});
  };
}
