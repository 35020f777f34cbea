// Random module shapes for the module fuzzer: odd memories, tables, start sections, huge locals, deep
// nesting, bulk operations with big operands, unknown imports, the host's export names, huge counts,
// invalid bytes and mutants of all of them; each drawn from a seeded generator, so a seed repeats.
import { component, EXTERNREF, F64, FUNCREF, I32, I64, encodeModule, type Func, type ModuleDesc, s32, u32 } from "./wasm_module.ts";

export interface Shape {
  /** What kind of shape, and its parameters, in a few words (the progress lines name it). */
  what: string;
  bytes: Uint8Array;
  /** The RAM quota it is started with (init's syntax). */
  ram: string;
}

type Rnd = () => number;
const int = (rnd: Rnd, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)]!;
/** Small, medium or huge: sizes spread over orders of magnitude. */
const magnitude = (rnd: Rnd, max: number) => Math.floor(Math.pow(max, rnd()));

// Instructions the starts use (function 0 is the exit syscall, 1 the signal syscall).
const EXIT0 = [0x41, 0, 0x10, 0];
const i32c = (x: number) => [0x41, ...s32(x)];
const LOOP_FOREVER = [0x03, 0x40, 0x0c, 0, 0x0b];
const MISC = (op: number, ...imm: number[]) => [0xfc, ...u32(op), ...imm];

function memoryShape(rnd: Rnd): [string, { min: number; max?: number | null }, number[], number] {
  const kinds: [string, { min: number; max?: number | null }, number][] = [
    ["0 pages, no maximum", { min: 0 }, 0],
    ["0 pages, maximum 0", { min: 0, max: 0 }, 0],
    ["0 pages, maximum 1", { min: 0, max: 1 }, 0],
    ["a huge minimum", { min: pick(rnd, [16384, 32768, 65536]) }, 0],
    ["a huge minimum and maximum", { min: 65536, max: 65536 }, 0],
    ["a maximum below its minimum", { min: 4, max: 2 }, 0],
    ["a shared memory without maximum", { min: 1 }, 2],
    ["a 64-bit memory", { min: 1, max: 2 }, 4],
    ["no maximum", { min: 1 }, 0],
  ];
  const [what, limits, flags] = pick(rnd, kinds);
  const starts = [[], EXIT0, [...i32c(int(rnd, 65537)), 0x40, 0, 0x1a, ...EXIT0], [...i32c(-4), ...i32c(7), 0x36, 2, 0]];
  return [`memory: ${what}`, limits, pick(rnd, starts), flags];
}

function tableShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const ref = pick(rnd, [FUNCREF, EXTERNREF]);
  const r = int(rnd, 3);
  if (r === 0) {
    const n = magnitude(rnd, 20_000);
    return [`tables: ${n} small ones`, { tables: Array.from({ length: n }, () => ({ ref, limits: { min: int(rnd, 4) } })) }, EXIT0];
  }
  if (r === 1) {
    const min = magnitude(rnd, 10_000_000), max = pick(rnd, [null, min, 10_000_000, 0xffffffff]);
    return [`tables: one of ${min} up to ${max ?? "no maximum"}`, { tables: [{ ref, limits: { min, max: max !== null && max < min ? min : max } }] }, EXIT0];
  }
  // Grows at run time, again and again, by a big delta.
  const delta = magnitude(rnd, 10_000_000);
  const grow = [0xd0, ref, ...i32c(delta), ...MISC(15, 0), 0x1a]; // table.grow 0
  return [`tables: grown by ${delta} 100 times`, { tables: [{ ref, limits: { min: 1, max: pick(rnd, [null, 100, 10_000_000]) } }] },
    [0x02, 0x40, ...Array.from({ length: 100 }, () => grow).flat(), 0x0b, ...EXIT0]];
}

function startShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const bodies: [string, number[]][] = [
    ["loops forever", LOOP_FOREVER],
    ["traps", [0x00]],
    ["exits", EXIT0],
    ["recurses without end", [0x10, 2]], // calls itself: function 2, the first after the two syscalls
    ["grows its memory by 1000 pages", [...i32c(1000), 0x40, 0, 0x1a]],
    ["signals a slot it does not hold", [...i32c(77), 0x10, 1, 0x1a]],
  ];
  const [what, body] = pick(rnd, bodies);
  return [`start section: ${what}`, { functions: [{ type: 0, body: [...body, 0x0b] }], start: 2 }, pick(rnd, [[], EXIT0, LOOP_FOREVER])];
}

function localsShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const n = pick(rnd, [1000, 49_999, 50_000, 50_001, 1_000_000, 0xffffffff]);
  const type = pick(rnd, [I32, I64, F64, 0x7b]);
  const f: Func = { type: 0, locals: [[n, type]], body: [0x0b] };
  return [`${n} locals of type 0x${type.toString(16)}`, { functions: [f] }, [0x10, 2, ...EXIT0]];
}

function nestingShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const depth = magnitude(rnd, 100_000);
  const op = pick(rnd, [0x02, 0x03]); // block or loop
  const body = [...Array.from({ length: depth }, () => [op, 0x40]).flat(), ...new Array<number>(depth).fill(0x0b), 0x0b];
  return [`${depth} nested ${op === 2 ? "blocks" : "loops"}`, { functions: [{ type: 0, body }] }, [0x10, 2, ...EXIT0]];
}

function bulkShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const big = pick(rnd, [0x7fffffff, -1, 1 << 24, 65536, 0x10000000]);
  const ops: [string, number[], ModuleDesc][] = [
    ["memory.fill", [...i32c(0), ...i32c(0), ...i32c(big), ...MISC(11, 0)], {}],
    ["memory.copy", [...i32c(0), ...i32c(big >>> 1), ...i32c(big), ...MISC(10, 0, 0)], {}],
    ["memory.grow then fill", [...i32c(big >>> 16), 0x40, 0, 0x1a, ...i32c(0), ...i32c(7), ...i32c(big), ...MISC(11, 0)], {}],
    ["memory.init", [...i32c(0), ...i32c(0), ...i32c(big), ...MISC(8, 0, 0)], { dataCount: 1, data: [[1, ...u32(16), ...new Array<number>(16).fill(9)]] }],
    ["table.fill", [...i32c(0), 0xd0, FUNCREF, ...i32c(big), ...MISC(17, 0)], { tables: [{ ref: FUNCREF, limits: { min: 16 } }] }],
    ["table.copy", [...i32c(0), ...i32c(0), ...i32c(big), ...MISC(14, 0, 0)], { tables: [{ ref: FUNCREF, limits: { min: 16 } }] }],
    ["data.drop twice", [...MISC(9, 0), ...MISC(9, 0)], { dataCount: 1, data: [[1, 1, 0]] }],
  ];
  const [what, code, extra] = pick(rnd, ops);
  const times = pick(rnd, [1, 1000]);
  const body = times === 1 ? code : [...i32c(times), 0x21, 0, 0x03, 0x40, ...code, 0x20, 0, ...i32c(1), 0x6b, 0x22, 0, 0x0d, 0, 0x0b];
  return [`${what} of ${big} bytes ${times} times`, { ...extra, functions: [{ type: 0, locals: [[1, I32]], body: [...body, 0x0b] }] }, [0x10, 2, ...EXIT0]];
}

function importShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const imports: [string, string, number][] = [
    ["wasmode", "nope", 0], ["env", "foo", 0], ["wasi_snapshot_preview1", "fd_write", 2], ["wasmode", "call", 0],
    ["env", "abort", 1], ["wasmode", "exit", 2], ["", "", 0], ["wasmode", "__wasmode_fuel", 0],
  ];
  const [module, name, type] = pick(rnd, imports);
  return [`imports "${module}"."${name}"`, { imports: [{ module, name, kind: "func", type }] }, EXIT0];
}

function exportShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const names = ["__wasmode_fuel", "__wasmode_budget", "__wasmode_start", "__wasmode_x", "__dispatch", "__signal", "_start", "__ipc_buffer"];
  const name = pick(rnd, names);
  const kind = pick(rnd, ["func", "global"] as const);
  const desc: ModuleDesc = {
    globals: [{ type: I32, mutable: true, init: [...i32c(int(rnd, 2) ? 0x7fffffff : 4096), 0x0b] }],
    exports: [{ name, kind, index: kind === "func" ? 2 : 1 }],
  };
  return [`exports ${name} as a ${kind}`, desc, EXIT0];
}

function countShape(rnd: Rnd): [string, ModuleDesc, number[]] {
  const n = magnitude(rnd, 200_000);
  const kinds: [string, () => ModuleDesc][] = [
    ["functions", () => ({ functions: Array.from({ length: n }, () => ({ type: 0, body: [0x0b] })) })],
    ["globals", () => ({ globals: Array.from({ length: n }, () => ({ type: I32, mutable: true, init: [0x41, 0, 0x0b] })) })],
    ["exports", () => ({ exports: Array.from({ length: Math.min(n, 99_000) }, (_, i) => ({ name: `e${i}`, kind: "func" as const, index: 2 })) })],
    ["imports", () => ({ imports: Array.from({ length: Math.min(n, 99_000) }, () => ({ module: "wasmode", name: "signal", kind: "func" as const, type: 2 })) })],
    ["data segments", () => ({ dataCount: Math.min(n, 99_000), data: Array.from({ length: Math.min(n, 99_000) }, () => [1, 1, 0]) })],
    ["bytes of passive data", () => ({ dataCount: 1, data: [[1, ...u32(n * 64), ...new Uint8Array(n * 64)]] })],
    ["element entries", () => ({ elements: [[1, 0, ...u32(n * 8), ...new Uint8Array(n * 8).fill(2)]] })],
    ["types", () => ({ types: Array.from({ length: Math.min(n, 6000) }, (_, i) => ({ params: Array.from({ length: 13 }, (_, b) => ((i >> b) & 1 ? I64 : I32)), results: [] })) })],
  ];
  const [what, make] = pick(rnd, kinds);
  return [`${n} ${what}`, make(), EXIT0];
}

/** Changes a few bytes of `b`: flips bits, overwrites a run, truncates, or grows a section's size. */
export function mutate(rnd: Rnd, b: Uint8Array): [string, Uint8Array] {
  const c = b.slice();
  const at = () => 8 + int(rnd, Math.max(1, c.length - 8));
  switch (int(rnd, 4)) {
    case 0: for (let i = 0; i < 4; i++) c[at()]! ^= 1 << int(rnd, 8); return ["bits flipped", c];
    case 1: { const p = at(); for (let i = 0; i < 8 && p + i < c.length; i++) c[p + i] = int(rnd, 256); return ["a run overwritten", c]; }
    case 2: return ["truncated", c.slice(0, int(rnd, c.length))];
    default: c[9] = (c[9]! + 1 + int(rnd, 100)) & 0x7f; return ["a section size grown", c];
  }
}

const SHAPES = [tableShape, startShape, localsShape, nestingShape, bulkShape, importShape, exportShape, countShape];

/** The next shape of the run: one of the kinds above, now and then mutated, or bytes that are no module at all. */
export function nextShape(rnd: Rnd): Shape {
  const ram = pick(rnd, ["1M", "1M", "4M", "64M"]);
  const r = int(rnd, 100);
  if (r < 4) return { what: "random bytes", bytes: Uint8Array.from({ length: int(rnd, 64) }, (_, i) => (i < 8 && rnd() < 0.8 ? [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0][i]! : int(rnd, 256))), ram };
  let what: string, bytes: Uint8Array;
  if (r < 16) {
    const [w, limits, start, flags] = memoryShape(rnd);
    const m = component(limits, start);
    m.imports![0] = { module: "env", name: "memory", kind: "memory", limits, flags };
    [what, bytes] = [w, encodeModule(m)];
  } else {
    const [w, extra, start] = pick(rnd, SHAPES)(rnd);
    [what, bytes] = [w, encodeModule(component({ min: 1 }, start, extra))];
  }
  if (rnd() < 0.15) {
    const [how, mutant] = mutate(rnd, bytes);
    return { what: `${what}, ${how}`, bytes: mutant, ram };
  }
  return { what, bytes, ram };
}
