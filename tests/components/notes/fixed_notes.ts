// notes with the README's fix: the fix as the tour's script gives it, and notes built with it as the image's notes is built.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { componentSpec } from "../../../bin/recipe.ts";
import { compile } from "../../../kernel/host/builder/compile.ts";
import { NodeFiles } from "../../../kernel/host/devices/node_files.ts";
import type { Files } from "../../../kernel/host/files.ts";
import { repoRoot } from "../../support/paths.ts";

export const NOTE_PATH = "components/notes/note_path.ts";

/** The fix as the README's tour gives it to a script: note_path.ts rewritten by one echo. */
export function readmeFix(): string {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const m = /echo '(export function notePath[^']*)' > \/src\/components\/notes\/note_path\.ts/.exec(readme);
  if (!m) throw new Error("README.md: the tour's scripted fix of note_path.ts is missing");
  return m[1]! + "\n";
}

/** The repository's files, but for `path` whose text is `text`. */
class Patched implements Files {
  private inner = new NodeFiles(repoRoot);
  constructor(private path: string, private text: string) {}
  read(p: string) { return p.replace(/^\.\//, "") === this.path ? Promise.resolve(new TextEncoder().encode(this.text)) : this.inner.read(p); }
  write(p: string, b: Uint8Array) { return this.inner.write(p, b); }
  list(p: string) { return this.inner.list(p); }
  remove(p: string) { return this.inner.remove(p); }
}

let fixed: Promise<Uint8Array> | null = null;
/** notes with the README's fix, built as the image's notes is. */
export function fixedNotes(): Promise<Uint8Array> {
  const spec = componentSpec("notes", "components/notes/main.ts");
  fixed ??= compile(new Patched(NOTE_PATH, readmeFix()), spec.name, spec.entries, spec.flags).then((o) => o.binary);
  return fixed;
}
