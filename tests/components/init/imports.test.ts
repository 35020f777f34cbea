// The import graph of components/init: no file imports itself back through others, and the config library stands alone.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../support/paths.ts";

const INIT = path.join(repoRoot, "components/init");
/** The library the shell and the CLI use: config model, routing decision, checks, the route explainer. */
const LIBRARY = path.join(INIT, "model");

/** Every .ts file under `dir`, as absolute paths. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (entry.endsWith(".ts")) out.push(full);
  }
  return out.sort();
}

/** The modules a source file imports (or re-exports from), resolved to absolute paths. */
export function importsOf(file: string, text: string): string[] {
  const specs: string[] = [];
  const fromClause = /^\s*(?:import|export)\b[^;"']*?\bfrom\s*["']([^"']+)["']/gm;
  const bare = /^\s*import\s*["']([^"']+)["']/gm;
  for (const m of text.matchAll(fromClause)) specs.push(m[1]);
  for (const m of text.matchAll(bare)) specs.push(m[1]);
  return specs.filter((s) => s.startsWith(".")).map((s) => path.resolve(path.dirname(file), s));
}

/** The graph of imports among `files` (imports leading elsewhere are left out). */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, importsOf(f, readFileSync(f, "utf8")).filter((t) => known.has(t)));
  return graph;
}

/** The shortest way from `from` back to `to` along imports, or null. */
function shortestPath(graph: Map<string, string[]>, from: string, to: string): string[] | null {
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of graph.get(at) ?? []) {
      if (next === to) {
        const way = [at];
        for (let p = at; p !== from; p = previous.get(p)!) way.unshift(previous.get(p)!);
        return way;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, at);
      queue.push(next);
    }
  }
  return null;
}

/** Each import cycle, shortest first and found once, as "a.ts -> b.ts -> a.ts" relative to components/init. */
export function importCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[][] = [];
  const covered = new Set<string>();
  for (const start of graph.keys()) {
    if (covered.has(start)) continue;
    const way = shortestPath(graph, start, start);
    if (way === null) continue;
    for (const f of way) covered.add(f);
    cycles.push([...way, start]);
  }
  return cycles
    .sort((a, b) => a.length - b.length)
    .map((c) => c.map((f) => path.relative(INIT, f)).join(" -> "));
}

describe("imports of components/init", () => {
  it("form no cycle", () => {
    const cycles = importCycles(importGraph(sources(INIT)));
    expect(cycles, `import cycles in components/init:\n${cycles.join("\n")}`).toEqual([]);
  });

  it("of the config library stay within it (it knows nothing of the running init)", () => {
    const outside: string[] = [];
    for (const f of sources(LIBRARY)) {
      for (const target of importsOf(f, readFileSync(f, "utf8"))) {
        if (target.startsWith(INIT + path.sep) && !target.startsWith(LIBRARY + path.sep)) {
          outside.push(`${path.relative(INIT, f)} imports ${path.relative(INIT, target)}`);
        }
      }
    }
    expect(sources(LIBRARY).length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });

  it("are found in single- and multi-line imports and re-exports, and a cycle is named", () => {
    const a = path.join(INIT, "a.ts"), b = path.join(INIT, "b.ts"), c = path.join(INIT, "c.ts");
    expect(importsOf(a, `import {\n  X,\n  Y,\n} from "./b.ts";\nexport { Z } from "./c.ts";\nimport "./d.ts";\n// import { no } from "./e.ts"\n`))
      .toEqual([b, c, path.join(INIT, "d.ts")]);
    const graph = new Map([[a, [b]], [b, [c]], [c, [a]]]);
    expect(importCycles(graph)).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
  });
});
