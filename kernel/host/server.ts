// What the IPC path needs of any PD that serves calls: a component instance or a native server (core).
import { Msg } from "../abi.ts";
import type { Gates, ServeGate } from "./gate.ts";

export interface Server {
  readonly pd: number;
  /** The label the log shows for it, e.g. `init -> hello`. */
  readonly label: string;
  /** Its IPC buffer as words. */
  ipcWords(): Int32Array;
  /** Its IPC buffer as bytes. */
  ipcBytes(): Uint8Array;
  /**
   * Its IPC buffer from the second payload word on (byte Msg.Payload + 4) as 64-bit words, or null
   * when that is not 8-aligned. Made anew with the views ipcWords() makes anew.
   */
  ipcLongs(): BigInt64Array | null;
  /** Runs one call: the request is in its IPC buffer; it leaves the reply there. Returns the result word. */
  dispatch(badge: number, op: number, len: number, caller: number): number;
  /** Its serve gate for short calls (gate.ts), made when first asked for; null when calls take the full path. */
  serveGate(gates: Gates): ServeGate["serve"] | null;
  /** Delivers a signal. */
  signal(badge: number, count: number): void;
  /** True when its memory grew since the kernel last heard of its size. */
  grew: boolean;
  /**
   * Its fuel counter (a metered component's; null for core), and the budget each activation starts
   * with: what a call it served spent is the budget less the counter (ipc.ts charge).
   */
  readonly fuelCounter: WebAssembly.Global | null;
  readonly fuelBudget: number;
  /** While it serves a call: the caller (ipc.ts), whose chain of callers its own calls are charged against. */
  caller: Server | null;
  /** Fuel its servers spent on its calls that is not yet taken off its counter (ipc.ts charge). */
  fuelDebt: number;
  /** The most stack a call it serves may take, in bytes (stack.ts). */
  readonly stackBound: number;
}

/** Where the 64-bit view of an IPC buffer begins (the second payload word), and how many words it has. */
export const LONGS_AT = Msg.Payload + 4;
export const LONGS = (Msg.BufferSize - LONGS_AT) >> 3;

/** A server implemented in the host (core): its IPC buffer is host memory. */
export abstract class NativeServer implements Server {
  private readonly buffer = new ArrayBuffer(Msg.BufferSize);
  private readonly words = new Int32Array(this.buffer);
  private readonly bytes = new Uint8Array(this.buffer);
  private readonly longs = new BigInt64Array(this.buffer, LONGS_AT, LONGS);

  constructor(readonly pd: number, readonly label: string) {}

  /** Host memory does not count against a RAM quota. */
  grew = false;
  /** Core runs on no fuel: its work for a call is the syscall's fixed cost (fuel/rewrite_body.ts SYSCALL_UNITS). */
  readonly fuelCounter = null;
  readonly fuelBudget = 0;
  caller: Server | null = null;
  fuelDebt = 0;

  /** Core's services are host code of bounded depth (its console writes on a fresh stack). */
  readonly stackBound = 32 << 10;

  ipcWords(): Int32Array { return this.words; }
  ipcBytes(): Uint8Array { return this.bytes; }
  ipcLongs(): BigInt64Array | null { return this.longs; }
  abstract dispatch(badge: number, op: number, len: number, caller: number): number;
  /** Core's services read their requests from host memory: no gate. */
  serveGate(): null { return null; }
  signal(_badge: number, _count: number): void {}
}
