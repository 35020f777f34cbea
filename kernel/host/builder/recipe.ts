// The build recipe (system/recipe.xml) as the host reads it: the modules of the image, their entries and flags per profile, and what the source package holds.
import { DOMParser, type Element } from "@xmldom/xmldom";
import type { Files } from "../files.ts";
import { isWat } from "./compile_wat.ts";
import type { ModuleSpec } from "./modules.ts";

/** Where the recipe lies in the repository (and under /src inside Wasmode). */
export const RECIPE_PATH = "system/recipe.xml";

/** A malformed recipe: the message names what is wrong. */
export class RecipeError extends Error {
  constructor(message: string) { super(`${RECIPE_PATH}: ${message}`); }
}

export interface SourceRule { path: string; dir: boolean; nested: boolean }

interface ModuleRule { name: string; main: string; flags: string[]; component: boolean }

function words(value: string | null): string[] {
  return (value ?? "").split(/\s+/).filter((w) => w.length > 0);
}

function elements(root: Element, tag: string): Element[] {
  return Array.from(root.getElementsByTagName(tag));
}

function required(e: Element, attr: string): string {
  const v = e.getAttribute(attr);
  if (v === null || v === "") throw new RecipeError(`<${e.tagName}> needs a ${attr} attribute`);
  return v;
}

export class Recipe {
  constructor(
    readonly profiles: ReadonlyMap<string, string[]>,
    private readonly modules: ModuleRule[],
    readonly componentEntries: string[],
    readonly componentFlags: string[],
    readonly componentsDir: string,
    readonly componentsSkip: string[],
    readonly sources: SourceRule[],
  ) {}

  private profileFlags(profile: string): string[] {
    const flags = this.profiles.get(profile);
    if (flags === undefined) throw new RecipeError(`no profile "${profile}" (there are: ${[...this.profiles.keys()].join(", ")})`);
    return flags;
  }

  /** A component NAME from its main, as the image's components are built; a WAT main is its only entry, and no flags apply to it. */
  component(name: string, main: string, profile = "release"): ModuleSpec {
    if (isWat(main)) return { name: `${name}.wasm`, entries: [main], flags: [] };
    return { name: `${name}.wasm`, entries: [...this.componentEntries, main], flags: [...this.componentFlags, ...this.profileFlags(profile)] };
  }

  /** A module the recipe names by itself (the kernel, the shell), or undefined. */
  named(name: string, profile = "release"): ModuleSpec | undefined {
    const m = this.modules.find((r) => r.name === name);
    if (!m) return undefined;
    if (m.component) return this.component(m.name, m.main, profile);
    return { name: `${m.name}.wasm`, entries: [m.main], flags: [...m.flags, ...this.profileFlags(profile)] };
  }

  /** Every module of the image: the named ones and each DIR/NAME/main.ts (or, without one, DIR/NAME/main.wat), sorted by name. */
  async discover(files: Files, profile = "release"): Promise<ModuleSpec[]> {
    const specs = this.modules.map((m) => this.named(m.name, profile)!);
    for (const dir of (await files.list(this.componentsDir)) ?? []) {
      if (this.componentsSkip.includes(dir) || this.modules.some((m) => m.name === dir)) continue;
      const main = `${this.componentsDir}/${dir}/main.ts`, wat = `${this.componentsDir}/${dir}/main.wat`;
      if (await files.read(main)) specs.push(this.component(dir, main, profile));
      else if (await files.read(wat)) specs.push(this.component(dir, wat, profile));
    }
    return specs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

export function parseRecipe(text: string): Recipe {
  let problem = "";
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: (level, message) => { if (level !== "warning" && !problem) problem = message; } })
      .parseFromString(text, "text/xml").documentElement;
  } catch (e) {
    // xmldom throws at a fatal error, after reporting it.
    problem ||= (e as Error).message;
  }
  if (problem || !root || root.tagName !== "recipe") throw new RecipeError(problem || "the root element must be <recipe>");
  const profiles = new Map<string, string[]>();
  for (const p of elements(root, "profile")) profiles.set(required(p, "name"), words(p.getAttribute("flags")));
  if (!profiles.has("release")) throw new RecipeError(`needs a <profile name="release">, the boot image's`);
  const modules = elements(root, "module").map((m) => ({
    name: required(m, "name"), main: required(m, "main"), flags: words(m.getAttribute("flags")), component: m.getAttribute("component") === "yes",
  }));
  const component = elements(root, "component")[0];
  const components = elements(root, "components")[0];
  if (!component || !components) throw new RecipeError("needs a <component> (entries, flags) and a <components dir>");
  const sources: SourceRule[] = [];
  const list = elements(root, "sources")[0];
  for (const node of list ? Array.from(list.childNodes) : []) {
    if (node.nodeType !== 1) continue;
    const e = node as Element;
    if (e.tagName !== "dir" && e.tagName !== "file") throw new RecipeError(`<sources> holds <dir> and <file>, not <${e.tagName}>`);
    sources.push({ path: required(e, "path"), dir: e.tagName === "dir", nested: e.getAttribute("nested") !== "no" });
  }
  return new Recipe(profiles, modules, words(component.getAttribute("entries")), words(component.getAttribute("flags")),
    required(components, "dir"), words(components.getAttribute("skip")), sources);
}

/** Reads and parses the recipe from a checkout's files. */
export async function loadRecipe(files: Files): Promise<Recipe> {
  const bytes = await files.read(RECIPE_PATH);
  if (bytes === null) throw new RecipeError("missing");
  return parseRecipe(new TextDecoder().decode(bytes));
}
