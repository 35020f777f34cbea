// Kernels built in a test from this checkout's sources with a few lines changed, as `build kernel` would build them.
import { packageRecipe } from "../../bin/recipe.ts";
import { compile } from "../../kernel/host/builder/compile.ts";
import type { Files } from "../../kernel/host/files.ts";
import { NodeFiles } from "../../kernel/host/devices/node_files.ts";
import { repoRoot } from "../support/paths.ts";

/** One change: in `file`, the text `from` (which must be there) becomes `to`. */
export interface Edit { file: string; from: string; to: string }

const built = new Map<string, Promise<Uint8Array>>();

/** kernel.wasm built with the recipe's release flags from the sources with `edits` made; each set of edits is compiled once. */
export function kernelVariant(edits: Edit[]): Promise<Uint8Array> {
  const key = JSON.stringify(edits);
  let p = built.get(key);
  if (!p) {
    const spec = packageRecipe().named("kernel")!;
    p = compile(editedFiles(new NodeFiles(repoRoot), edits), spec.name, spec.entries, spec.flags).then((o) => o.binary);
    built.set(key, p);
  }
  return p;
}

function editedFiles(base: Files, edits: Edit[]): Files {
  const encoder = new TextEncoder(), decoder = new TextDecoder();
  return {
    async read(path) {
      const bytes = await base.read(path);
      const mine = edits.filter((e) => e.file === path);
      if (bytes === null || mine.length === 0) return bytes;
      let text = decoder.decode(bytes);
      for (const e of mine) {
        if (!text.includes(e.from)) throw new Error(`${path} has no "${e.from}" to change`);
        text = text.replace(e.from, e.to);
      }
      return encoder.encode(text);
    },
    write: () => Promise.reject(new Error("read-only")),
    list: (path) => base.list(path),
    remove: () => Promise.reject(new Error("read-only")),
  };
}

/** One changed line that moves the kernel's heap: its tables and records lie 4 KiB further on in its memory. */
export const MOVED_LAYOUT: Edit[] = [{ file: "kernel/alloc.ts", from: "let top: usize = (__heap_base + 15) & ~15;", to: "let top: usize = (__heap_base + 4096 + 15) & ~15;" }];
/** A kernel that writes and reads state format 2. */
export const FORMAT_2: Edit[] = [{ file: "kernel/state.ts", from: "STATE_VERSION: u32 = 1;", to: "STATE_VERSION: u32 = 2;" }];
/** A kernel without k_state_load. */
export const NO_STATE_LOAD: Edit[] = [{ file: "kernel/main.ts", from: "export function k_state_load(", to: "function k_state_load_gone(" }];
/** A kernel that traps when it loads a state. */
export const TRAPS_IN_LOAD: Edit[] = [{ file: "kernel/main.ts", from: "{ return stateLoad(ptr, len); }", to: "{ unreachable(); return stateLoad(ptr, len); }" }];
/** A kernel that tells the host one capability more of quota than each PD holds. */
export const WRONG_CAP_QUOTA: Edit[] = [{ file: "kernel/main.ts", from: "<i32>pdCapQuota(pd) : -1", to: "<i32>pdCapQuota(pd) + 1 : -1" }];
