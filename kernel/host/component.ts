// A component instance: its memory bounded by its RAM quota, its IPC buffer, its entry points.
import { Err, Msg } from "../abi.ts";
import { ComponentAbort } from "./errors.ts";
import { BUDGET_EXPORT, DEFAULT_BUDGET, FUEL_EXPORT, START_EXPORT } from "./fuel/meter.ts";
import { DEFAULT_STACK_LIMIT, STACK_BASE_EXPORT, STACK_EXPORT, STACK_LIMIT_EXPORT } from "./fuel/stack_bound.ts";
import type { CallGate, Gates, ServeGate } from "./gate.ts";
import type { CheckedModule } from "./module_check.ts";
import { LONGS, LONGS_AT, type Server } from "./server.ts";

export interface Entries {
  __dispatch?: (badge: number, op: number, len: number) => number;
  __signal?: (badge: number, count: number) => void;
  _start?: () => void;
  __ipc_buffer: WebAssembly.Global;
}

/** The live-state exports of the SDK (components/lib/exports.ts): a live swap's snapshot and restore (live_swap.ts). */
export interface StateHooks {
  __snapshot: () => number;
  __state_data: () => number;
  __state_reserve: (len: number) => number;
  __restore_result: () => number;
}

/** The syscalls as the host implements them for one component. */
export type Syscalls = Record<"call" | "signal" | "derive" | "drop" | "endpoint" | "signal_create" | "exit", (...args: number[]) => number>;

export class Component implements Server {
  readonly memory: WebAssembly.Memory;
  private entries: Entries | null = null;
  private ipcAddr = 0;
  private words = new Int32Array(0);
  private bytes = new Uint8Array(0);
  private longs: BigInt64Array | null = null;
  /** The fuel counter of a metered module: at zero or below after a trap, the component ran out. */
  private fuel: WebAssembly.Global | null = null;
  /** Its budget global (the rewrite's BUDGET_EXPORT), which serve gates read beside the counter. */
  private budget: WebAssembly.Global | null = null;
  get fuelCounter(): WebAssembly.Global | null { return this.fuel; }
  caller: Server | null = null;
  fuelDebt = 0;
  /**
   * The instance its PD started with: a live swap's successor keeps it (live_swap.ts), so what core
   * records of a PD's component (its dataspaces) follows it through swaps, and a new PD of the same
   * number is another component.
   */
  origin: Component = this;

  /** This instance, if it still serves its PD's component as `origin` began it (itself or a swap's successor). */
  static current(servers: readonly (Server | undefined)[], origin: Component): Component | null {
    const s = servers[origin.pd];
    return s instanceof Component && s.origin === origin ? s : null;
  }

  /**
   * `fuelBudget`: units of fuel (loop iterations, charged calls, bulk work, syscalls) each activation may spend (a metered
   * module's; the wrappers of its exports reset the counter to it on every entry).
   */
  constructor(readonly pd: number, readonly label: string, readonly module: CheckedModule, readonly maxPages: number, readonly fuelBudget = DEFAULT_BUDGET,
    readonly stackLimit = DEFAULT_STACK_LIMIT) {
    this.stackBound = stackLimit + UNKNOWN_BASE;
    this.memory = new WebAssembly.Memory({ initial: module.minPages, maximum: maxPages });
    this.accountedBytes = this.memory.buffer.byteLength;
  }

  /** True when the memory has grown to within an eighth of its maximum, the RAM quota. */
  get memoryNearlyFull(): boolean { return this.memory.buffer.byteLength * 8 >= this.maxPages * 65536 * 7; }

  /**
   * Instantiates the module; a start section runs here, so the caller treats this as an activation.
   * `gate` is the call gate `syscalls.call` came from: it learns where the IPC buffer is.
   */
  instantiate(syscalls: Syscalls, gate: CallGate | null = null): void {
    const memory = this.memory;
    const instance = new WebAssembly.Instance(this.module.module, {
      env: {
        memory,
        abort: (msg: number, file: number, line: number, column: number) => {
          throw new ComponentAbort(`abort: ${readAsString(memory, msg) ?? "(no message)"} at ${readAsString(memory, file) ?? "?"}:${line}:${column}`);
        },
      },
      wasmode: syscalls,
    });
    const entries = instance.exports as unknown as Entries;
    if (this.module.metered) {
      const exports = instance.exports as Record<string, WebAssembly.Global>;
      exports[BUDGET_EXPORT]!.value = this.fuelBudget;
      this.fuel = exports[FUEL_EXPORT]!;
      this.budget = exports[BUDGET_EXPORT]!;
      this.setStack(exports);
      // The module's start section, which the rewrite turned into this export: on the budget just set.
      (instance.exports[START_EXPORT] as (() => void) | undefined)?.();
    }
    const addr = Number(entries.__ipc_buffer.value);
    if (!(addr >= 0 && addr % 4 === 0 && addr + Msg.BufferSize <= memory.buffer.byteLength)) {
      throw new ComponentAbort(`IPC buffer at ${addr} is not a 4-aligned region of ${Msg.BufferSize} bytes inside its memory`);
    }
    this.entries = entries;
    this.dispatchEntry = entries.__dispatch ?? serveNothing;
    this.ipcAddr = addr;
    this.callGate = gate;
    if (gate) gate.ipc.value = addr;
    this.refresh();
  }

  /**
   * Makes the views anew. Growing a memory detaches every view of it, so a detached view is how the
   * host learns, without asking the memory on every call, that the component's memory grew.
   */
  private refresh(): void {
    const buffer = this.memory.buffer;
    this.grew = true;
    // Before instantiate placed the buffer, or in a memory too small for it (0 pages): the
    // component's fault, thrown into its own activation, never a RangeError out of the host.
    if (this.ipcAddr + Msg.BufferSize > buffer.byteLength) {
      throw new ComponentAbort(`its memory (${buffer.byteLength} bytes) does not hold an IPC buffer at ${this.ipcAddr}`);
    }
    this.words = new Int32Array(buffer, this.ipcAddr, Msg.BufferSize >> 2);
    this.bytes = new Uint8Array(buffer, this.ipcAddr, Msg.BufferSize);
    this.longs = (this.ipcAddr + LONGS_AT) % 8 === 0 ? new BigInt64Array(buffer, this.ipcAddr + LONGS_AT, LONGS) : null;
  }

  /** Bytes of memory the host last told the kernel of (spawn tells it the initial size). */
  private accountedBytes: number;

  /**
   * True, once, when the memory's size changed since the host last accounted it. Live views
   * without `grew` mean it did not (no need to ask the memory); it never makes views, so it
   * works for an instance that never placed its IPC buffer.
   */
  takeGrowth(): boolean {
    if (this.words.length && !this.grew) return false;
    this.grew = false;
    const bytes = this.memory.buffer.byteLength;
    if (bytes === this.accountedBytes) return false;
    this.accountedBytes = bytes;
    return true;
  }

  /** Set when the views were made anew (the memory grew); the host reports the new size to the kernel. */
  grew = false;

  /** Views of the IPC buffer; growing the memory detaches the old ones, so they are made anew. */
  ipcWords(): Int32Array {
    // `!length`, not `length === 0`: TurboFan tests a length (a size_t) against zero directly,
    // where a comparison with the number 0 first checks that it converts to a 32-bit integer.
    if (!this.words.length) this.refresh();
    return this.words;
  }
  ipcBytes(): Uint8Array {
    if (!this.bytes.length) this.refresh();
    return this.bytes;
  }

  /** Valid as long as the view ipcWords() returned. */
  ipcLongs(): BigInt64Array | null { return this.longs; }

  /**
   * The most stack its code may take, in bytes (the model of stack_bound.ts): its deepest
   * non-recursive calls and what its recursion may take. Until its module tells, an estimate.
   */
  stackBound: number;
  private stack: WebAssembly.Global | null = null;

  /** The stack bound's globals of a metered module (stack_bound.ts): its limit set, its base read. */
  private setStack(exports: Record<string, WebAssembly.Global>): void {
    exports[STACK_LIMIT_EXPORT]!.value = this.stackLimit;
    this.stack = exports[STACK_EXPORT]!;
    this.stackBound = (exports[STACK_BASE_EXPORT]!.value as number) + this.stackLimit;
  }

  /** True when the component trapped because its recursion took more stack than its limit. */
  get outOfStack(): boolean { return this.stack !== null && (this.stack.value as number) > this.stackLimit; }

  /** True when the component trapped because its activation spent its whole fuel budget. */
  get outOfFuel(): boolean { return this.fuel !== null && (this.fuel.value as number) <= 0; }

  get started(): boolean { return this.entries !== null; }

  /** Its call gate: a live swap seals it (every call takes the host's path, which refuses it) while it snapshots or restores. */
  private callGate: CallGate | null = null;

  /** Sends every call of this instance through the host's path (sealed), or lets short ones take the gate again. */
  sealCalls(sealed: boolean): void {
    if (this.callGate) this.callGate.ipc.value = sealed ? -1 : this.ipcAddr;
  }

  /** Its live-state exports, or null when its module has none (not built with the SDK). */
  get stateHooks(): StateHooks | null {
    const e = this.entries as unknown as Partial<StateHooks> | null;
    if (!e || typeof e.__snapshot !== "function" || typeof e.__state_data !== "function"
      || typeof e.__state_reserve !== "function" || typeof e.__restore_result !== "function") return null;
    return e as StateHooks;
  }

  /** Runs its _start: a live swap's restore runs here, sealed. */

  start(): void { this.entries?._start?.(); }

  /** The memory size the host told the kernel of last: a live swap tells it the new instance's. */
  accounted(): void {
    this.accountedBytes = this.memory.buffer.byteLength;
  }

  /** The component's __dispatch, looked up once: the IPC path calls it on every call. */
  private dispatchEntry: (badge: number, op: number, len: number) => number = serveNothing;

  dispatch(badge: number, op: number, len: number): number {
    return this.dispatchEntry(badge, op, len);
  }

  private gate: ServeGate["serve"] | null = null;

  serveGate(gates: Gates): ServeGate["serve"] | null {
    if (this.gate === null && this.entries?.__dispatch) {
      // An unmetered module's gate reads a counter that stays at its budget: it spends nothing.
      const fuel = this.fuel ?? new WebAssembly.Global({ value: "i32", mutable: true }, 0);
      const budget = this.budget ?? new WebAssembly.Global({ value: "i32", mutable: true }, 0);
      this.gate = gates.serveGate(this.memory, this.ipcAddr, this.entries.__dispatch, fuel, budget).serve;
    }
    return this.gate;
  }

  signal(badge: number, count: number): void { this.entries?.__signal?.(badge, count); }

  /** Bytes of memory the instance holds now. */
  get memoryBytes(): number { return this.memory.buffer.byteLength; }

  /** RAM it holds outside its memory (core's PD service, AllocRam): charged to its quota as well. */
  dataspaceBytes = 0;

  /** Host memory its tables may take, charged from its load on (module_check.ts: tableCost). */
  get tableBytes(): number { return this.module.tableBytes; }

  /** All the RAM it uses: its memory, its dataspaces, its tables and what its shape costs the host (instance_cost.ts). */
  get ramBytes(): number { return this.memoryBytes + this.dataspaceBytes + this.module.hostBytes; }

  /** Forgets the instance so that its memory can be reclaimed. */
  drop(): void {
    this.entries = null;
    this.dispatchEntry = serveNothing;
    this.gate = null;
  }
}

/** The stack a module takes beyond its recursion limit where its own bound is not known (not instantiated, not metered). */
const UNKNOWN_BASE = 64 << 10;

/** The dispatch of a component that exports none (or is gone): it serves nothing. */
function serveNothing(): number { return Err.BadOpcode; }

/** Reads an AssemblyScript string (UTF-16, byte length at ptr-4) from a memory, or null if it is not one. */
export function readAsString(memory: WebAssembly.Memory, ptr: number): string | null {
  const buf = memory.buffer;
  if (ptr < 4 || ptr % 2 !== 0 || ptr > buf.byteLength) return null;
  const len = new Uint32Array(buf.slice(ptr - 4, ptr))[0]!;
  if (len % 2 !== 0 || ptr + len > buf.byteLength || len > 4096) return null;
  return String.fromCharCode(...new Uint16Array(buf.slice(ptr, ptr + len)));
}
