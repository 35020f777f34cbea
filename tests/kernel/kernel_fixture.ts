// Fixture of the kernel.wasm suites: a fresh kernel per test, driven through its exports as the host drives it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import { KCall, KReg, Msg, ObjType, PdOp } from "../../kernel/abi.ts";
import { Kernel, type KernelExports } from "../../kernel/host/kernel.ts";
import { imageDir } from "../support/paths.ts";

const kernelBytes = new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm")));

/** Core's PD number. */
export const CORE = 0;
/** What core holds after booting, unless a test says otherwise. */
export const CORE_RAM = 1 << 30;
export const CORE_CAPS = 1000;

export interface Quota { ram: number; ramUsed: number; caps: number; capsUsed: number }
export interface Delivered { pd: number; badge: number; count: number }

/** A booted kernel (PD 0 is core) with the few steps every test repeats. */
export class K {
  constructor(readonly kernel: Kernel) {}

  get k(): KernelExports { return this.kernel.k; }

  /** A register word (signed: use >>> 0 for badges). */
  reg(i: KReg): number { return this.kernel.regs()[i]!; }

  /** A child of `parent`; fails the test if the kernel refuses. `ctl` is the parent's slot for its PD object. */
  child(parent: number, ram: number, caps: number): { pd: number; ctl: number } {
    const pd = this.k.k_pd_create(parent, ram, caps);
    expect(pd, `k_pd_create(${parent}, ${ram}, ${caps})`).toBeGreaterThanOrEqual(0);
    return { pd, ctl: this.reg(KReg.Out0) };
  }

  /** An endpoint of `pd`; fails the test if the kernel refuses. */
  endpoint(pd: number, badge: number): number {
    const slot = this.k.k_endpoint(pd, badge);
    expect(slot, `k_endpoint(${pd}, ${badge})`).toBeGreaterThan(0);
    return slot;
  }

  /** A signal of `pd`; fails the test if the kernel refuses. */
  signal(pd: number, badge: number): number {
    const slot = this.k.k_signal_create(pd, badge);
    expect(slot, `k_signal_create(${pd}, ${badge})`).toBeGreaterThan(0);
    return slot;
  }

  /** Capability words for the next call or reply. */
  setCaps(words: number[]): void {
    const regs = this.kernel.regs();
    words.forEach((w, i) => { regs[KReg.Cap0 + i] = w; });
  }

  /** The capability words a transfer left in the registers. */
  caps(n: number): number[] {
    const regs = this.kernel.regs();
    return Array.from({ length: n }, (_, i) => regs[KReg.Cap0 + i]!);
  }

  /** k_call with the message's capabilities put in the registers first. */
  call(pd: number, slot: number, m: { op?: number; len?: number; caps?: number[]; ncaps?: number; a0?: number; a1?: number } = {}): number {
    const caps = m.caps ?? [];
    this.setCaps(caps);
    return this.k.k_call(pd, slot, m.op ?? 0, m.len ?? 0, m.ncaps ?? caps.length, m.a0 ?? 0, m.a1 ?? 0);
  }

  /** k_reply with the reply's capabilities put in the registers first. */
  reply(server: number, client: number, caps: number[] = [], len = 0): number {
    this.setCaps(caps);
    return this.k.k_reply(server, client, len, caps.length);
  }

  /** An operation on a PD object, which the kernel serves itself: its result word. */
  pdOp(pd: number, ctl: number, op: PdOp, a0 = 0, a1 = 0): number {
    expect(this.k.k_call(pd, ctl, op, 0, 0, a0, a1), `PD operation ${op}`).toBe(KCall.Served);
    return this.reg(KReg.Result);
  }

  /** PdOp.Quota of the PD behind `ctl`. */
  quota(pd: number, ctl: number): Quota {
    expect(this.pdOp(pd, ctl, PdOp.Quota)).toBe(0);
    return { ram: this.reg(KReg.Out0) >>> 0, ramUsed: this.reg(KReg.Out1) >>> 0, caps: this.reg(KReg.Out2), capsUsed: this.reg(KReg.Out3) };
  }

  /** The quota queries of a PD, as the host sees them. */
  account(pd: number): Quota {
    return { ram: this.k.k_ram_quota(pd), ramUsed: this.k.k_ram_usage(pd), caps: this.k.k_cap_quota(pd), capsUsed: this.k.k_cap_used(pd) };
  }

  /** What a slot holds: k_cap_info's answer and, when it names an object, its type and rights. */
  info(pd: number, slot: number): { result: number; type?: ObjType; rights?: number } {
    const result = this.k.k_cap_info(pd, slot);
    if (result < 0) return { result };
    return { result, type: this.reg(KReg.Out0) as ObjType, rights: this.reg(KReg.Out1) };
  }

  /** Every pending signal, oldest first. */
  signals(): Delivered[] {
    const out: Delivered[] = [];
    for (let pd = this.k.k_next_signal(); pd >= 0; pd = this.k.k_next_signal()) {
      out.push({ pd, badge: this.reg(KReg.SigBadge) >>> 0, count: this.reg(KReg.SigCount) >>> 0 });
    }
    return out;
  }

  /** Every death the host has not yet been told of, in order. */
  dead(): number[] {
    const out: number[] = [];
    for (let pd = this.k.k_next_dead(); pd >= 0; pd = this.k.k_next_dead()) out.push(pd);
    return out;
  }
}

/** A fresh kernel with core booted. */
export async function boot(ram = CORE_RAM, caps = CORE_CAPS): Promise<K> {
  const k = new K(await Kernel.load(kernelBytes));
  expect(k.k.k_boot(ram, caps)).toBe(CORE);
  return k;
}

/** One more than the capabilities a message may carry. */
export const TOO_MANY_CAPS = Msg.MaxCaps + 1;
