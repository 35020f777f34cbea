// Checks a component module before it is instantiated: valid Wasm, only allowed imports, its memory's limits, what its tables and shape cost.
import { LoadError } from "./errors.ts";
import { readShape, shapeCost, type ModuleShape } from "./instance_cost.ts";
import { meter, WasmFormatError } from "./fuel/meter.ts";
import { tableLimit, type TableType } from "./fuel/tables.ts";
import { Reader, readSections } from "./fuel/wasm_binary.ts";
import { CALL_TYPE, DISPATCH_TYPE, moduleFacts } from "./module_facts.ts";

/** Names a component may import from the `wasmode` module: the syscalls. */
export const SYSCALLS = ["call", "signal", "derive", "drop", "endpoint", "signal_create", "exit"] as const;

export interface CheckedModule {
  name: string;
  module: WebAssembly.Module;
  /** Initial pages the module's imported memory asks for. */
  minPages: number;
  /** Its tables as declared; a metered module's can grow to tableLimit() of each and no further. */
  tables: TableType[];
  /** The host memory its tables may take (tableCost), charged to its RAM quota with its memory. */
  tableBytes: number;
  /** Its counts of functions, exports, segments, …, and the host memory an instance of it takes by them (instance_cost.ts). */
  shape: ModuleShape;
  shapeBytes: number;
  /** All the host memory it takes outside its Wasm memory, charged from its load on: tableBytes + shapeBytes. */
  hostBytes: number;
  /** The most pages its memory declares it may grow to (the host bounds it by this too); null: no bound. */
  maxPages: number | null;
  /** Compiled from the fuel-metered rewrite of its bytes (kernel/host/fuel/meter.ts). */
  metered: boolean;
}

/** Fuel rewrites the host made before, by original bytes (Node: devices/node_meter_cache.ts). */
export interface MeterCache {
  /** The rewrite of `original` this cache holds, or null. */
  get(original: Uint8Array): Uint8Array | null;
  /** Keeps `metered`, the rewrite of `original`; failures are silent (a cache it cannot write is none). */
  put(original: Uint8Array, metered: Uint8Array): void;
}

export interface CheckOptions {
  /** Rewrite the module to run on fuel before compiling it (default: yes). */
  meter?: boolean;
  /** Rewrites the host made before, by original bytes: consulted before metering, given what it meters. */
  cache?: MeterCache | null;
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"];

/** " in the NAME section" for the engine's error offset (`@+N`), or "" when it names none. */
function whereInModule(bytes: Uint8Array, reason: string): string {
  const at = /@\+(\d+)/.exec(reason);
  if (!at) return "";
  const offset = Number(at[1]);
  if (offset < 8) return " in the header";
  let sections;
  try {
    sections = readSections(bytes);
  } catch (e) {
    return e instanceof WasmFormatError ? " in the section table" : "";
  }
  // Sections are contiguous: each begins (id, size) where the one before ended.
  for (const s of sections) if (offset < s.end) return ` in the ${SECTION_NAMES[s.id] ?? `unknown (${s.id})`} section`;
  return " past the last section";
}

/** The module compiled from the cache's rewrite of `bytes`; null when it has none or it does not compile (then the rewrite runs again). */
function fromCache(cache: MeterCache, bytes: Uint8Array): WebAssembly.Module | null {
  const rewritten = cache.get(bytes);
  if (!rewritten) return null;
  try {
    return new WebAssembly.Module(rewritten as Uint8Array<ArrayBuffer>);
  } catch {
    return null;
  }
}

/**
 * Checks a component module, refuses any import but memory, abort and the syscalls, and compiles
 * it metered: what runs is the fuel rewrite of the bytes; errors are about the bytes as given.
 */
export function checkModule(name: string, bytes: Uint8Array, opts: CheckOptions = {}): CheckedModule {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new LoadError(name, "not a WebAssembly module (no \\0asm header)");
  }
  const given = bytes as Uint8Array<ArrayBuffer>;
  refuseManyTypes(name, bytes);
  // The engine validates while it compiles, but what it compiles is the rewrite, whose appended
  // globals and functions could make valid a module that names them (and so reads or refills its
  // fuel): the bytes as given are validated first, whatever the cache holds. The engine's validation
  // is cheap beside compiling; they are compiled only to say what is wrong with them.
  const refuseInvalid = () => {
    try {
      new WebAssembly.Module(given);
    } catch (e) {
      const reason = (e as Error).message.replace(/^WebAssembly\.Module\(\): /, "");
      throw new LoadError(name, `invalid WebAssembly${whereInModule(bytes, reason)}: ${reason}`);
    }
  };
  if (!WebAssembly.validate(given)) {
    refuseInvalid();
    throw new LoadError(name, "invalid WebAssembly"); // the engine validated, then compiled it: not expected
  }
  let shape: ModuleShape;
  try {
    shape = readShape(bytes);
  } catch (e) {
    if (!(e instanceof WasmFormatError)) throw e;
    throw new LoadError(name, `cannot count what an instance of it costs: ${e.message}`);
  }
  const metered = opts.meter !== false;
  if (metered) refuseNoRoom(name, shape);
  let module: WebAssembly.Module;
  const cached = metered && opts.cache ? fromCache(opts.cache, bytes) : null;
  if (cached) module = cached;
  else if (metered) {
    let rewritten: Uint8Array;
    try {
      rewritten = meter(bytes).bytes;
    } catch (e) {
      // Valid, but of a kind the rewrite refuses (exception handling, GC types, …): its words.
      if (e instanceof WasmFormatError) throw new LoadError(name, e.message);
      // Anything else is a bug of the rewrite; still a refusal of this module, never the host's end.
      throw new LoadError(name, `the fuel rewrite failed (a bug of the host): ${(e as Error).message}`);
    }
    try {
      module = new WebAssembly.Module(rewritten as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new LoadError(name, `the fuel rewrite of the module is invalid (a bug of the host): ${(e as Error).message}`);
    }
    opts.cache?.put(bytes, rewritten);
  } else {
    try {
      module = new WebAssembly.Module(given);
    } catch (e) {
      // Valid, yet the engine would not compile it (its limits: a function too large, say).
      throw new LoadError(name, `cannot compile: ${(e as Error).message.replace(/^WebAssembly\.Module\(\): /, "")}`);
    }
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
  // Both are Wasm functions to the gates (gate.ts), which link only with their exact type.
  const facts = moduleFacts(bytes);
  if (facts.callType !== null && facts.callType !== CALL_TYPE) {
    throw new LoadError(name, `import "wasmode"."call" has type ${facts.callType}: the syscall is ${CALL_TYPE}`);
  }
  if (facts.dispatchType !== null && facts.dispatchType !== DISPATCH_TYPE) {
    throw new LoadError(name, `export __dispatch has type ${facts.dispatchType}: it must be ${DISPATCH_TYPE}`);
  }
  // The host creates the memory: one it cannot give, or that cannot hold the IPC buffer, is refused here, not at instantiation.
  if (facts.sharedMemory) throw new LoadError(name, "imports a shared memory: the host gives each component a memory of its own, unshared");
  if (facts.memory64) throw new LoadError(name, "imports a 64-bit memory: components have 32-bit memories");
  if (facts.maxPages === 0) throw new LoadError(name, "its memory may hold at most 0 pages: no room for its IPC buffer");
  const tableBytes = tableCost(facts.tables), shapeBytes = shapeCost(shape).bytes;
  return { name, module, minPages: facts.minPages, maxPages: facts.maxPages, tables: facts.tables, tableBytes, shape, shapeBytes, hostBytes: tableBytes + shapeBytes, metered };
}

/**
 * The most function types a module may declare. V8 canonicalizes them for the whole process in
 * time quadratic in their number (measured, Node 20: 10,000 distinct types take 0.5 s to validate,
 * 40,000 take 12 s), blocking every component: so many are refused before V8 sees them. Compilers
 * emit one per distinct signature (the image's components declare under 40).
 */
export const MAX_TYPES = 4096;

/**
 * V8's limits on a module (Node 20: wasm-limits.h), which the fuel rewrite's additions must stay
 * within: two globals (FUEL_EXPORT, BUDGET_EXPORT), an export for each and for the start, and at
 * most a wrapper function per exported function.
 */
export const ENGINE_LIMITS = { globals: 1_000_000, exports: 100_000, functions: 1_000_000 } as const;

/** Refuses, naming the count, a module the rewrite would take past an engine limit (else "a bug of the host" would be said). */
function refuseNoRoom(name: string, shape: ModuleShape): void {
  const room = (count: number, added: number, limit: number, what: string) => {
    if (count + added > limit) throw new LoadError(name, `declares ${count} ${what}; with the ${added} the fuel rewrite adds, more than the engine's limit of ${limit}`);
  };
  room(shape.globals, 2, ENGINE_LIMITS.globals, "globals");
  room(shape.exports, 3, ENGINE_LIMITS.exports, "exports");
  room(shape.imports + shape.functions, shape.exports, ENGINE_LIMITS.functions, "functions (imported and defined)");
}

/** Refuses a module whose type section declares more than MAX_TYPES; malformed bytes are left to the engine's validation. */
function refuseManyTypes(name: string, bytes: Uint8Array): void {
  let types = 0;
  try {
    const s = readSections(bytes).find((x) => x.id === 1);
    if (s) types = new Reader(bytes, s.start, s.end, "type section").u32();
  } catch (e) {
    if (e instanceof WasmFormatError) return;
    throw e;
  }
  if (types > MAX_TYPES) throw new LoadError(name, `declares ${types} function types; a component may declare at most ${MAX_TYPES} (the engine's time to check them grows with their square)`);
}

/**
 * What a table costs the host at most, measured on V8 (Node 20, 64-bit, no pointer compression):
 * an externref entry is one 8-byte slot of the table's array; a funcref entry also has its row in
 * the instance's dispatch table (target, instance, signature): about 28 bytes in all, taken as 32.
 * Each table has objects of its own besides (measured 0.4-1.4 KiB), taken as 1 KiB.
 */
export const TABLE_ENTRY_BYTES: Record<number, number> = { 0x70: 32, 0x6f: 8 };
export const TABLE_BYTES = 1024;

/** The host memory `tables` may take once each is bounded at its tableLimit(). */
export function tableCost(tables: TableType[]): number {
  let bytes = 0;
  for (const t of tables) bytes += TABLE_BYTES + tableLimit(t) * TABLE_ENTRY_BYTES[t.ref]!;
  return bytes;
}

const REF_NAMES: Record<number, string> = { 0x70: "funcref", 0x6f: "externref" };

/**
 * Refuses, naming what does not fit, a module whose initial memory and tables do not fit the RAM
 * quota `ram` of the component `label`. (Only the metered module bounds a table declared without
 * a maximum: an unmetered one is charged its initial size.)
 */
export function checkFits(module: CheckedModule, label: string, ram: number): void {
  const quota = `"${label}" has a RAM quota of ${Math.floor(ram / 1024)} KiB`;
  const memory = module.minPages * 65536;
  if (memory > ram) throw new LoadError(module.name, `needs ${module.minPages * 64} KiB of memory but ${quota}`);
  let bytes = memory;
  for (let i = 0; i < module.tables.length; i++) {
    const t = module.tables[i]!;
    const cost = tableCost([t]);
    bytes += cost;
    if (bytes <= ram) continue;
    const before = i === 0 ? "" : ` and the ${i} table${i === 1 ? "" : "s"} before it`;
    throw new LoadError(module.name, `table ${i} (up to ${tableLimit(t)} ${REF_NAMES[t.ref]} entries) takes ${kib(cost)} KiB of host memory; with its memory (${kib(memory)} KiB)${before} the module needs ${kib(bytes)} KiB but ${quota}`);
  }
  const { items } = shapeCost(module.shape);
  const total = bytes + module.shapeBytes;
  if (total <= ram) return;
  const top = items[0]!;
  const what = top.what === "instance" ? `the instance itself takes` : `its ${top.count} ${top.what} take`;
  const tables = module.tables.length ? `, its tables (${kib(module.tableBytes)} KiB)` : "";
  throw new LoadError(module.name, `${what} ${kib(top.bytes)} KiB of host memory; with its memory (${kib(memory)} KiB)${tables} and the rest of its shape (${kib(module.shapeBytes - top.bytes)} KiB) an instance needs ${kib(total)} KiB but ${quota}`);
}

/** Bytes as KiB, rounded up: what is charged is never shown smaller than it is. */
function kib(bytes: number): number {
  return Math.ceil(bytes / 1024);
}
