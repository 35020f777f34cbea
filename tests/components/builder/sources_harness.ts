// Exports for sources.test.ts: the builder's import scanner and path folding over strings.
import { normalize, specifiers } from "../../../components/builder/sources";

/** Each specifier found, as `LINE:COLUMN:TEXT`, one per line. */
export function importsOf(text: string): string {
  const specs = specifiers(text);
  const out = new Array<string>();
  for (let i = 0; i < specs.length; i++) out.push(specs[i].line.toString() + ":" + specs[i].column.toString() + ":" + specs[i].text);
  return out.join("\n");
}

export function folded(path: string): string {
  const p = normalize(path);
  return p == null ? "<outside>" : p!;
}
