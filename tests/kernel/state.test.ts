// The kernel's saved state: a fresh kernel that loads it holds what the first held and goes on as the first would.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Err, KReg, PdState, Rights, StateLoad } from "../../kernel/abi.ts";
import { Kernel } from "../../kernel/host/kernel.ts";
import { imageDir } from "../support/paths.ts";
import { boot, CORE, K } from "./kernel_fixture.ts";

const kernelBytes = new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm")));

/** The state `k` saves, as bytes. */
function save(k: K): Uint8Array {
  const size = k.k.k_state_size();
  const at = k.k.k_state_buffer(size);
  expect(at).toBeGreaterThan(0);
  expect(k.k.k_state_save(at, size)).toBe(size);
  return new Uint8Array(k.k.memory.buffer, at, size).slice();
}

/** A fresh kernel (never booted) given `state`: its k_state_load's answer. */
async function load(state: Uint8Array): Promise<{ fresh: K; result: number }> {
  const fresh = new K(await Kernel.load(kernelBytes));
  const at = fresh.k.k_state_buffer(state.length);
  new Uint8Array(fresh.k.memory.buffer, at, state.length).set(state);
  return { fresh, result: fresh.k.k_state_load(at, state.length) };
}

/** Children, endpoints, signals queued, capabilities granted, derived and dropped, one child dead: a kernel with some of everything. */
async function busyKernel(): Promise<{ k: K; pds: number[] }> {
  const k = await boot();
  const a = k.child(CORE, 1 << 20, 50), b = k.child(CORE, 1 << 20, 50), c = k.child(a.pd, 4096, 5);
  const ep = k.endpoint(b.pd, 0xbeef);
  expect(k.k.k_cap_grant(b.pd, ep, a.pd, 0, Rights.Call | Rights.Transfer)).toBeGreaterThan(0);
  const sig = k.signal(CORE, 7), sig2 = k.signal(a.pd, 9);
  k.k.k_derive(CORE, sig, Rights.Signal);
  for (let i = 0; i < 3; i++) k.endpoint(b.pd, 100 + i);
  k.k.k_drop(b.pd, ep + 1);
  k.k.k_signal(CORE, sig);
  k.k.k_signal(CORE, sig);
  k.k.k_signal(a.pd, sig2);
  k.k.k_pd_exit_signal(c.pd, a.pd, sig2);
  expect(k.k.k_kill(c.pd, PdState.Faulted, 3)).toBe(Err.Ok);
  expect(k.k.k_ram_used(b.pd, 65536)).toBe(Err.Ok);
  return { k, pds: [CORE, a.pd, b.pd, c.pd] };
}

/** What a test can ask a kernel about the PDs `pds` without changing it. */
function holdings(k: K, pds: number[]) {
  return {
    deaths: k.reg(KReg.Deaths), objects: k.k.k_objects(),
    pds: pds.map((pd) => ({ alive: k.k.k_pd_alive(pd), ...k.account(pd), slots: Array.from({ length: 40 }, (_, s) => k.info(pd, s)) })),
  };
}

describe("a saved kernel state", () => {
  it("loads into a fresh kernel, which then holds the same, answers the same and goes on the same", async () => {
    const { k, pds } = await busyKernel();
    const { fresh, result } = await load(save(k));
    expect(result).toBe(StateLoad.Ok);
    expect(holdings(fresh, pds)).toEqual(holdings(k, pds));
    // The queues of signals and deaths come across in order, and the free lists: new objects get the same slots.
    const signals = k.signals(), dead = k.dead();
    expect(signals.map((s) => s.count)).toEqual([2, 2]);
    expect(dead).toEqual([pds[3]]);
    expect(fresh.signals()).toEqual(signals);
    expect(fresh.dead()).toEqual(dead);
    const next = (x: K) => [x.k.k_endpoint(pds[2]!, 5), x.k.k_signal_create(pds[1]!, 6), x.child(CORE, 4096, 3).pd, x.k.k_objects()];
    expect(next(fresh)).toEqual(next(k));
    expect(holdings(fresh, pds)).toEqual(holdings(k, pds));
  });

  it("is not saved while a call chain runs", async () => {
    const { k, pds } = await busyKernel();
    expect(k.k.k_enter(pds[1]!)).toBe(Err.Ok);
    const size = k.k.k_state_size(), at = k.k.k_state_buffer(size);
    expect(k.k.k_state_save(at, size)).toBe(Err.Invalid);
    k.k.k_leave(pds[1]!);
    expect(k.k.k_state_save(at, size)).toBe(size);
    expect(k.k.k_state_save(at, size - 4)).toBe(Err.NoSpace);
  });

  it("is refused, saying why, when it is not a state, of another version, cut short, followed by more, or the kernel booted", async () => {
    const { k } = await busyKernel();
    const state = save(k);
    const changed = (word: number, value: number) => { const s = state.slice(); new DataView(s.buffer).setUint32(word * 4, value, true); return s; };
    expect((await load(changed(0, 0x12345678))).result).toBe(StateLoad.NotState);
    expect((await load(changed(1, 2))).result).toBe(StateLoad.Version);
    expect((await load(state.subarray(0, state.length - 4))).result).toBe(StateLoad.Truncated);
    expect((await load(state.subarray(0, 6))).result).toBe(StateLoad.Truncated);
    expect((await load(Uint8Array.from([...state, 0, 0, 0, 0]))).result).toBe(StateLoad.Malformed);
    // A PD count that does not match its table.
    expect((await load(changed(3, 1))).result).toBe(StateLoad.Malformed);
    const booted = await boot();
    const at = booted.k.k_state_buffer(state.length);
    new Uint8Array(booted.k.memory.buffer, at, state.length).set(state);
    expect(booted.k.k_state_load(at, state.length)).toBe(StateLoad.Booted);
    expect(k.k.k_state_version()).toBe(1);
  });
});
