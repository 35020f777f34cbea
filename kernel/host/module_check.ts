// Checks a component module before it is instantiated: valid Wasm, only allowed imports, its memory's limits.
import { LoadError } from "./errors.ts";

/** Names a component may import from the `wasmode` module: the syscalls. */
export const SYSCALLS = ["call", "signal", "derive", "drop", "endpoint", "signal_create", "exit"] as const;

export interface CheckedModule {
  name: string;
  module: WebAssembly.Module;
  /** Initial pages the module's imported memory asks for. */
  minPages: number;
}

/** Reads an unsigned LEB128 at `pos`; returns [value, next position]. */
function leb(bytes: Uint8Array, pos: number, name: string): [number, number] {
  let result = 0, shift = 0;
  for (;;) {
    if (pos >= bytes.length) throw new LoadError(name, "truncated module (unexpected end inside a number)");
    const b = bytes[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 35) throw new LoadError(name, "malformed module (number too long)");
  }
}

/** The initial page count of the imported memory, from the import section. */
function importedMemoryMin(bytes: Uint8Array, name: string): number {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    let size: number;
    [size, pos] = leb(bytes, pos, name);
    const end = pos + size;
    if (id !== 2) { pos = end; continue; }
    let count: number;
    [count, pos] = leb(bytes, pos, name);
    for (let i = 0; i < count; i++) {
      let len: number;
      [len, pos] = leb(bytes, pos, name); pos += len; // module name
      [len, pos] = leb(bytes, pos, name); pos += len; // field name
      const kind = bytes[pos++]!;
      if (kind === 0) { [, pos] = leb(bytes, pos, name); continue; }
      if (kind === 1) { pos++; } // table: reference type, then limits
      if (kind === 1 || kind === 2) {
        const flags = bytes[pos++]!;
        let min: number;
        [min, pos] = leb(bytes, pos, name);
        if (kind === 2) return min;
        if (flags & 1) [, pos] = leb(bytes, pos, name);
        continue;
      }
      if (kind === 3) { pos += 2; continue; }
      throw new LoadError(name, `import section: unknown import kind ${kind}`);
    }
    return 0;
  }
  return 0;
}

/** Validates and compiles a component module; refuses any import but memory, abort and the syscalls. */
export function checkModule(name: string, bytes: Uint8Array): CheckedModule {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new LoadError(name, "not a WebAssembly module (no \\0asm header)");
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new LoadError(name, `invalid WebAssembly: ${(e as Error).message.replace(/^WebAssembly\.Module\(\): /, "")}`);
  }
  let memory = false;
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok =
      (imp.module === "env" && imp.name === "memory" && imp.kind === "memory") ||
      (imp.module === "env" && imp.name === "abort" && imp.kind === "function") ||
      (imp.module === "wasmode" && imp.kind === "function" && (SYSCALLS as readonly string[]).includes(imp.name));
    if (!ok) {
      throw new LoadError(name, `import "${imp.module}"."${imp.name}" (${imp.kind}) is not allowed: a component may import only its memory, the syscalls and abort`);
    }
    if (imp.kind === "memory") memory = true;
  }
  if (!memory) throw new LoadError(name, "does not import its memory (env.memory): the host must create it to bound it by the RAM quota");
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  if (exports.get("__ipc_buffer") !== "global") throw new LoadError(name, "does not export its IPC buffer (__ipc_buffer)");
  for (const fn of ["__dispatch", "__signal", "_start"]) {
    if (exports.has(fn) && exports.get(fn) !== "function") throw new LoadError(name, `export ${fn} is not a function`);
  }
  return { name, module, minPages: importedMemoryMin(bytes, name) };
}
