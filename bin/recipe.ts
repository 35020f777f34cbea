// The build recipe of this package (system/recipe.xml), read once: what the CLI, the tests, the fuzzers and the benchmarks build components by.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseRecipe, RECIPE_PATH, type Recipe } from "../kernel/host/builder/recipe.ts";
import type { ModuleSpec } from "../kernel/host/builder/modules.ts";
import { packageRoot } from "./paths.ts";

let recipe: Recipe | null = null;

export function packageRecipe(): Recipe {
  recipe ??= parseRecipe(readFileSync(path.join(packageRoot, RECIPE_PATH), "utf8"));
  return recipe;
}

/** A component NAME from its main file, built as the image's components are (the release profile). */
export function componentSpec(name: string, main: string): ModuleSpec {
  return packageRecipe().component(name, main);
}
