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
    return new Kernel(instance.exports as unknown as KernelExports);
  }

  /** The register words; a grown kernel memory detaches the old view, so it is made anew then. */
  regs(): Int32Array {
    if (!this.view.length) this.view = new Int32Array(this.k.memory.buffer, this.regsAddr, KReg.Words);
    return this.view;
  }
}
