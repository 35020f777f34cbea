// The host's view of kernel.wasm: its exports, typed, and the register area it shares.
import { KReg } from "../abi.ts";

/** The exports of kernel.wasm (kernel/main.ts). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  k_regs(): number;
  k_boot(ram: number, caps: number): number;
  k_pd_create(parent: number, ram: number, caps: number): number;
  k_pd_exit_signal(child: number, holder: number, slot: number): number;
  k_cap_grant(from: number, slot: number, to: number, at: number, rights: number): number;
  k_endpoint(pd: number, badge: number): number;
  k_signal_create(pd: number, badge: number): number;
  k_derive(pd: number, slot: number, rights: number): number;
  k_drop(pd: number, slot: number): number;
  k_call(pd: number, slot: number, op: number, len: number, ncaps: number, a0: number, a1: number): number;
  k_call_short(pd: number, slot: number, op: number, len: number): bigint;
  k_reply(server: number, client: number, len: number, ncaps: number): number;
  k_enter(pd: number): number;
  k_leave(pd: number): void;
  k_depth(): number;
  k_signal(pd: number, slot: number): number;
  k_next_signal(): number;
  k_kill(pd: number, state: number, code: number): number;
  k_next_dead(): number;
  k_ram_used(pd: number, bytes: number): number;
  k_pd_alive(pd: number): number;
  k_ram_quota(pd: number): number;
  k_ram_usage(pd: number): number;
  k_cap_quota(pd: number): number;
  k_cap_used(pd: number): number;
  k_objects(): number;
  k_cap_info(pd: number, slot: number): number;
  /** The state format this kernel writes and reads (kernel/state.ts; a live swap, kernel_swap.ts). */
  k_state_version(): number;
  k_state_size(): number;
  k_state_buffer(len: number): number;
  k_state_save(ptr: number, len: number): number;
  k_state_load(ptr: number, len: number): number;
}

/** Every function of KernelExports and its number of parameters: checked against kernel.wasm's real exports at load. */
const KERNEL_FUNCTIONS: { readonly [F in Exclude<keyof KernelExports, "memory">]: number } = {
  k_regs: 0, k_boot: 2, k_pd_create: 3, k_pd_exit_signal: 3, k_cap_grant: 5, k_endpoint: 2,
  k_signal_create: 2, k_derive: 3, k_drop: 2, k_call: 7, k_call_short: 4, k_reply: 4, k_enter: 1,
  k_leave: 1, k_depth: 0, k_signal: 2, k_next_signal: 0, k_kill: 3, k_next_dead: 0, k_ram_used: 2,
  k_pd_alive: 1, k_ram_quota: 1, k_ram_usage: 1, k_cap_quota: 1, k_cap_used: 1, k_objects: 0, k_cap_info: 2,
  k_state_version: 0, k_state_size: 0, k_state_buffer: 1, k_state_save: 2, k_state_load: 2,
};

/**
 * The exports of an instance of kernel.wasm, once each the host uses is there: a memory, and each
 * function with its number of parameters. Throws naming everything missing or wrong, so a kernel
 * built from other sources fails at load, not at the first call that needs what it lacks.
 */
export function checkKernelExports(exports: WebAssembly.Exports): KernelExports {
  const wrong: string[] = [];
  if (!(exports.memory instanceof WebAssembly.Memory)) wrong.push(exports.memory === undefined ? "memory is missing" : "memory is not a memory");
  for (const [name, params] of Object.entries(KERNEL_FUNCTIONS)) {
    const f = exports[name];
    if (f === undefined) wrong.push(`${name} is missing`);
    else if (typeof f !== "function") wrong.push(`${name} is not a function`);
    else if (f.length !== params) wrong.push(`${name} takes ${f.length} parameters, not ${params}`);
  }
  if (wrong.length) throw new Error(`kernel.wasm does not match this host: ${wrong.join("; ")}`);
  return exports as unknown as KernelExports;
}

/** An instance of kernel.wasm with a view of its registers that survives the growth of its memory. */
export class Kernel {
  readonly k: KernelExports;
  private regsAddr: number;
  private view: Int32Array;

  private constructor(k: KernelExports) {
    this.k = k;
    this.regsAddr = k.k_regs();
    this.view = new Int32Array(k.memory.buffer, this.regsAddr, KReg.Words);
  }

  static async load(bytes: Uint8Array): Promise<Kernel> {
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort(msg: number, file: number, line: number, column: number) {
          throw new Error(`kernel.wasm: assertion failed at line ${line}:${column}`);
        },
      },
    });
    return new Kernel(checkKernelExports(instance.exports));
  }

  /** The register words; a grown kernel memory detaches the old view, so it is made anew then. */
  regs(): Int32Array {
    if (!this.view.length) this.view = new Int32Array(this.k.memory.buffer, this.regsAddr, KReg.Words);
    return this.view;
  }
}

/** A kernel.wasm as the console names it: the first 8 hex digits of its sha256. */
export async function kernelName(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
}
