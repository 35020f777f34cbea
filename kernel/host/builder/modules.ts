// What one module of the image is built from: its binary's name, entries and flags (system/recipe.xml says which).

export interface ModuleSpec {
  /** The binary's name in the image, e.g. `kernel.wasm`, `init.wasm`. */
  name: string;
  entries: string[];
  flags: string[];
}
