// A binary as WAT through wabt (the compiler device's worker runs it), whole or one function of it.
import { loadWabt } from "./compile_wat.ts";

/** A binary that cannot be shown, or a function it does not have: the message says which. */
export class DisassembleError extends Error {}

/** What wabt reads of any binary the engine may have run: its features are all on here. */
const READ_FEATURES = {
  mutable_globals: true, sat_float_to_int: true, sign_extension: true, multi_value: true, bulk_memory: true,
  simd: true, reference_types: true, threads: true, exceptions: true, tail_call: true, extended_const: true,
} as const;

/** How many function names a "no such function" message lists. */
const NAMES_SHOWN = 8;

/**
 * `binary` as wabt's WAT text (flat, exports apart), its functions named from its name section or,
 * without one, by wabt (`$f12`, or an export's name); only the function `func` ("$NAME" or "NAME")
 * when that is not "".
 */
export async function disassemble(binary: Uint8Array, func = ""): Promise<string> {
  const wabt = await loadWabt();
  let text: string;
  let module: ReturnType<typeof wabt.readWasm> | null = null;
  try {
    module = wabt.readWasm(binary, { readDebugNames: true, check: true, ...READ_FEATURES });
    module.generateNames();
    module.applyNames();
    text = module.toText({ foldExprs: false, inlineExport: false });
  } catch (e) {
    const why = ((e as Error)?.message ?? String(e)).replace(/^\w+ failed:\s*/, "").split("\n").filter((l) => l.trim()).join("; ");
    throw new DisassembleError(`not a module wabt can read: ${why || "unreadable"}`);
  } finally {
    module?.destroy();
  }
  return func === "" ? text : functionText(text, func);
}

/** Where each function of wabt's text begins: its name (without `$`) and the offset of its `(func`. */
export function functionStarts(text: string): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  for (const m of text.matchAll(/^ {2}\(func \$([^\s()]+)/gm)) out.push({ name: m[1]!, at: m.index });
  return out;
}

/** The end (exclusive) of the parenthesized form opening at `at`: strings and comments (`;;`, `(; ;)`) hold no parens that count. */
export function formEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === ";" && text[i + 1] === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "(" && text[i + 1] === ";") {
      const close = text.indexOf(";)", i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The function `func` of wabt's text, from `(func $NAME` to its closing paren; a DisassembleError listing some names when there is none. */
export function functionText(text: string, func: string): string {
  const name = func.startsWith("$") ? func.slice(1) : func;
  const starts = functionStarts(text);
  const found = starts.find((f) => f.name === name);
  if (found) return text.slice(found.at + 2, formEnd(text, found.at + 2)) + "\n";
  // Names of the module's own first (exports, a name section's), then the made-up ones.
  const named = starts.filter((f) => !/^f\d+$/.test(f.name)).concat(starts.filter((f) => /^f\d+$/.test(f.name)));
  const shown = named.slice(0, NAMES_SHOWN).map((f) => "$" + f.name).join(", ");
  const more = starts.length > NAMES_SHOWN ? `, … (${starts.length} in all)` : "";
  throw new DisassembleError(starts.length === 0 ? `no function ${func}: the module defines none` : `no function ${func}; its functions include ${shown}${more}`);
}
