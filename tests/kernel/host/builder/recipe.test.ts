// The build recipe (system/recipe.xml) and the source package it describes: what the image is built from, and what travels inside it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecipe, RecipeError } from "../../../../kernel/host/builder/recipe.ts";
import { collectSources, tarArchive } from "../../../../kernel/host/builder/source_package.ts";
import { NodeFiles } from "../../../../kernel/host/devices/node_files.ts";
import { packageRecipe } from "../../../../bin/recipe.ts";
import { repoRoot } from "../../../support/paths.ts";

/** The files of a ustar archive, by path (what any tar would list). */
function untar(tar: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const text = (a: number, n: number) => new TextDecoder().decode(tar.subarray(a, a + n)).replace(/\0.*$/s, "");
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const prefix = text(at + 345, 155), name = text(at + 0, 100);
    const size = parseInt(text(at + 124, 12), 8);
    out.set(prefix ? `${prefix}/${name}` : name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe("the build recipe", () => {
  const recipe = packageRecipe();

  it("builds the kernel and every component with the flags of its profile", async () => {
    const specs = await recipe.discover(new NodeFiles(repoRoot));
    const byName = new Map(specs.map((s) => [s.name, s]));
    expect(byName.get("kernel.wasm")).toEqual({ name: "kernel.wasm", entries: ["kernel/main.ts"], flags: ["--runtime", "stub", "-O3"] });
    const component = ["--runtime", "incremental", "--importMemory", "--exportStart", "_start", "-O3"];
    expect(byName.get("init.wasm")).toEqual({ name: "init.wasm", entries: ["components/lib/exports.ts", "components/init/main.ts"], flags: component });
    expect(byName.get("shell.wasm")).toEqual({ name: "shell.wasm", entries: ["components/lib/exports.ts", "shell/main.ts"], flags: component });
    // The SDK's folder is no component.
    expect(byName.has("lib.wasm")).toBe(false);
    expect(recipe.named("hello_server", "dev")).toBeUndefined();
    expect(recipe.component("hello_server", "components/hello_server/main.ts", "dev").flags).toEqual(component.slice(0, -1));
  });

  it("names what is wrong with a malformed recipe", () => {
    expect(() => parseRecipe("<recipe><profile name='dev'/>")).toThrow(RecipeError);
    expect(() => parseRecipe(`<recipe><profile name="dev"/></recipe>`)).toThrow(/needs a <profile name="release">/);
    expect(() => parseRecipe(`<recipe><profile name="release"/><module main="x.ts"/></recipe>`)).toThrow(/<module> needs a name attribute/);
    expect(() => recipe.component("x", "x.ts", "fast")).toThrow(/no profile "fast" \(there are: release, dev\)/);
  });

  it("packs the kernel's, the SDK's, the components' and the shell's sources, and itself, byte for byte and in a stable order", async () => {
    const sources = await collectSources(new NodeFiles(repoRoot), recipe);
    const tar = tarArchive(sources);
    const files = untar(tar);
    for (const p of ["kernel/main.ts", "kernel/abi.ts", "components/lib/exports.ts", "components/hello/main.ts", "components/fs_session/protocol.ts", "shell/main.ts", "system/recipe.xml"]) {
      expect(Buffer.compare(files.get(p)!, readFileSync(path.join(repoRoot, p))), p).toBe(0);
    }
    // The host's platform code is not the kernel's source: it runs outside Wasmode.
    expect([...files.keys()].some((p) => p.startsWith("kernel/host/"))).toBe(false);
    expect([...files.keys()]).toEqual([...files.keys()].sort());
    expect(Buffer.compare(tarArchive(new Map([...sources].reverse())), tar)).toBe(0);
  });
});
