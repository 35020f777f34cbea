// The build recipe (system/recipe.xml) as the builder reads it from /src: which module NAME is, from which entries, with which flags per profile.
//
// The same file `npm run build` reads (kernel/host/builder/recipe.ts), so that a module built here
// gets the flags, and so the bytes, of the boot image's.
import { parseConfig } from "../lib/config/parse.ts";
import { Node } from "../lib/config/node.ts";
import { FsConnection } from "../fs_session/connection.ts";

export const RECIPE_PATH = "/system/recipe.xml";

/** Whether a module's entry is WAT: the compiler device compiles it with wabt, not asc. */
export function isWat(entry: string): bool {
  return entry.endsWith(".wat");
}

/** What one module is built from: its binary's name, its entries and its flags. */
export class ModuleSpec {
  constructor(readonly name: string, readonly binary: string, readonly entries: Array<string>, readonly flags: Array<string>) {}
  /** The entry that is the module's own (the SDK's entry points come before it). */
  get main(): string { return this.entries[this.entries.length - 1]; }
}

function words(text: string): Array<string> {
  const out = new Array<string>();
  const parts = text.split(" ");
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

function concat(a: Array<string>, b: Array<string>): Array<string> {
  const out = a.slice(0);
  for (let i = 0; i < b.length; i++) out.push(b[i]);
  return out;
}

export class Recipe {
  /** Why the recipe could not be read; "" when it was. */
  error: string = "";
  /** Its text as read (a live swap carries it: the new instance cannot read while it takes over). */
  text: string = "";
  private root: Node | null = null;

  /** The recipe as `fs` holds it now. */
  static read(fs: FsConnection): Recipe {
    const bytes = fs.readFile(RECIPE_PATH);
    if (bytes == null) return Recipe.unreadable(RECIPE_PATH + ": cannot be read (error " + fs.error.toString() + ")");
    return Recipe.parse(String.UTF8.decode(bytes.buffer));
  }

  /** The recipe of `text`; `error` says what is wrong with it, if anything. */
  static parse(text: string): Recipe {
    const r = new Recipe();
    r.text = text;
    const parsed = parseConfig(text);
    if (parsed.ok()) r.root = parsed.node;
    else r.error = parsed.describe(RECIPE_PATH);
    return r;
  }

  /** A recipe that could not be read, for `error`. */
  static unreadable(error: string): Recipe {
    const r = new Recipe();
    r.error = error;
    return r;
  }

  /** The flags of `profile`, or null when the recipe has no such profile. */
  profileFlags(profile: string): Array<string> | null {
    const root = this.root;
    if (root == null) return null;
    const profiles = root.childrenOf("profile");
    for (let i = 0; i < profiles.length; i++) {
      if (profiles[i].attributeOr("name", "") == profile) return words(profiles[i].attributeOr("flags", ""));
    }
    return null;
  }

  /** The profiles the recipe names, for a message. */
  profileNames(): string {
    const root = this.root;
    if (root == null) return "";
    const names = new Array<string>();
    const profiles = root.childrenOf("profile");
    for (let i = 0; i < profiles.length; i++) names.push(profiles[i].attributeOr("name", ""));
    return names.join(", ");
  }

  /** Where components live (`components`) and which of its folders is none (the SDK's). */
  get componentsDir(): string {
    const c = this.root != null ? this.root!.child("components") : null;
    return c != null ? c.attributeOr("dir", "components") : "components";
  }

  skipped(dir: string): bool {
    const c = this.root != null ? this.root!.child("components") : null;
    if (c == null) return false;
    const skip = words(c.attributeOr("skip", ""));
    return skip.includes(dir);
  }

  /** A component NAME from its main, as the recipe's <component> says; a WAT main is its one entry, and no flags apply to it. */
  component(name: string, main: string, profileFlags: Array<string>): ModuleSpec {
    if (isWat(main)) return new ModuleSpec(name, name + ".wasm", [main], new Array<string>());
    const c = this.root != null ? this.root!.child("component") : null;
    const entries = words(c != null ? c.attributeOr("entries", "") : "");
    entries.push(main);
    const flags = words(c != null ? c.attributeOr("flags", "") : "");
    return new ModuleSpec(name, name + ".wasm", entries, concat(flags, profileFlags));
  }

  /** The modules the recipe names by themselves (the kernel, the shell). */
  namedModules(): Array<string> {
    const out = new Array<string>();
    if (this.root == null) return out;
    const modules = this.root!.childrenOf("module");
    for (let i = 0; i < modules.length; i++) out.push(modules[i].attributeOr("name", ""));
    return out;
  }

  /**
   * Module NAME: one the recipe names, else the component DIR/NAME/main.ts if `fs` has it (or,
   * without one, DIR/NAME/main.wat); null when it is neither.
   */
  spec(fs: FsConnection, name: string, profileFlags: Array<string>): ModuleSpec | null {
    const root = this.root;
    if (root == null) return null;
    const modules = root.childrenOf("module");
    for (let i = 0; i < modules.length; i++) {
      const m = modules[i];
      if (m.attributeOr("name", "") != name) continue;
      const main = m.attributeOr("main", "");
      if (m.attributeOr("component", "no") == "yes") return this.component(name, main, profileFlags);
      const entries = new Array<string>();
      entries.push(main);
      return new ModuleSpec(name, name + ".wasm", entries, concat(words(m.attributeOr("flags", "")), profileFlags));
    }
    if (this.skipped(name)) return null;
    const main = this.mainOf(fs, name);
    return main.length > 0 ? this.component(name, main, profileFlags) : null;
  }

  /** The main of component folder `dir`: its main.ts, else its main.wat; "" when it has neither. */
  mainOf(fs: FsConnection, dir: string): string {
    const base = this.componentsDir + "/" + dir + "/main.";
    if (fs.stat("/" + base + "ts") != null) return base + "ts";
    if (fs.stat("/" + base + "wat") != null) return base + "wat";
    return "";
  }

  /** Every module: the named ones and each component folder with a main.ts or main.wat, sorted by name. */
  allModules(fs: FsConnection): Array<string> {
    const names = this.namedModules();
    const dirs = fs.list("/" + this.componentsDir);
    for (let i = 0; i < dirs.length; i++) {
      const d = dirs[i].name;
      if (this.skipped(d) || names.includes(d)) continue;
      if (this.mainOf(fs, d).length > 0) names.push(d);
    }
    names.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
    return names;
  }
}
