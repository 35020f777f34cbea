// kernel.wasm's PD objects: the operations a parent calls on its child's PD capability, served by the kernel itself.
import { describe, expect, it } from "vitest";
import { Err, KCall, KReg, PdOp, PdState, Rights, Slot } from "../../kernel/abi.ts";
import { boot, CORE } from "./kernel_fixture.ts";

describe("PD objects", () => {
  it("k_pd_create hands the parent a PD capability with every right in a new slot", async () => {
    const kn = await boot();
    const a = kn.child(CORE, 4096, 4);
    const b = kn.child(CORE, 4096, 4);
    expect(a.pd).not.toBe(b.pd);
    expect(a.ctl).toBeGreaterThanOrEqual(Slot.First);
    expect(b.ctl).not.toBe(a.ctl);
    expect(kn.k.k_pd_alive(a.pd)).toBeTruthy();
    // The child starts with an empty capability space: core grants its parent capability at slot 1.
    expect(kn.k.k_cap_used(a.pd)).toBe(0);
    expect(kn.k.k_cap_info(a.pd, Slot.Parent)).toBe(Err.BadCap);
  });

  it("k_pd_create refuses a parent that is not a live PD", async () => {
    const kn = await boot();
    const objects = kn.k.k_objects();
    for (const parent of [7, 1 << 20, 0xffffffff, -1]) expect(kn.k.k_pd_create(parent, 0, 4), `parent ${parent}`).toBe(Err.Dead);
    const { pd } = kn.child(CORE, 0, 4);
    kn.k.k_kill(pd, PdState.Exited, 0);
    expect(kn.k.k_pd_create(pd, 0, 1)).toBe(Err.Dead);
    expect(kn.k.k_objects()).toBe(objects + 1);
    expect(kn.dead()).toEqual([pd]);
  });

  it("Status tells running, exited (with the exit code), faulted and killed apart", async () => {
    const kn = await boot();
    const kids = [kn.child(CORE, 0, 2), kn.child(CORE, 0, 2), kn.child(CORE, 0, 2), kn.child(CORE, 0, 2)];
    for (const { ctl } of kids) expect(kn.pdOp(CORE, ctl, PdOp.Status)).toBe(PdState.Running);
    kn.k.k_kill(kids[0]!.pd, PdState.Exited, 42);
    kn.k.k_kill(kids[1]!.pd, PdState.Exited, -3);
    kn.k.k_kill(kids[2]!.pd, PdState.Faulted, 0);
    expect(kn.pdOp(CORE, kids[3]!.ctl, PdOp.Kill)).toBe(Err.Ok);
    expect(kn.pdOp(CORE, kids[0]!.ctl, PdOp.Status)).toBe(PdState.Exited);
    expect(kn.reg(KReg.Out0)).toBe(42);
    expect(kn.pdOp(CORE, kids[1]!.ctl, PdOp.Status)).toBe(PdState.Exited);
    expect(kn.reg(KReg.Out0)).toBe(-3);
    expect(kn.pdOp(CORE, kids[2]!.ctl, PdOp.Status)).toBe(PdState.Faulted);
    expect(kn.pdOp(CORE, kids[3]!.ctl, PdOp.Status)).toBe(PdState.Killed);
  });

  it("Kill kills the child, its objects and its children; killing it again changes nothing", async () => {
    const kn = await boot();
    const child = kn.child(CORE, 1 << 20, 10);
    const grandchild = kn.child(child.pd, 1 << 16, 4);
    const great = kn.child(grandchild.pd, 1 << 12, 2);
    const ep = kn.k.k_cap_grant(grandchild.pd, kn.endpoint(grandchild.pd, 1), CORE, 0, Rights.Call);
    expect(kn.pdOp(CORE, child.ctl, PdOp.Kill)).toBe(Err.Ok);
    for (const pd of [child.pd, grandchild.pd, great.pd]) expect(kn.k.k_pd_alive(pd), `pd ${pd}`).toBeFalsy();
    expect(kn.call(CORE, ep)).toBe(Err.Stale);
    // Children die before their parent.
    expect(kn.dead()).toEqual([great.pd, grandchild.pd, child.pd]);
    expect(kn.pdOp(CORE, child.ctl, PdOp.Kill)).toBe(Err.Ok);
    expect(kn.dead()).toEqual([]);
    expect(kn.pdOp(CORE, child.ctl, PdOp.Status)).toBe(PdState.Killed);
  });

  it("dropping the PD capability kills the child", async () => {
    const kn = await boot();
    const child = kn.child(CORE, 1 << 20, 10);
    const grandchild = kn.child(child.pd, 1 << 16, 4);
    expect(kn.k.k_drop(CORE, child.ctl)).toBe(Err.Ok);
    expect(kn.k.k_pd_alive(child.pd)).toBeFalsy();
    expect(kn.k.k_pd_alive(grandchild.pd)).toBeFalsy();
    expect(kn.dead()).toEqual([grandchild.pd, child.pd]);
    expect(kn.account(CORE)).toEqual({ ram: 1 << 30, ramUsed: 0, caps: 1000, capsUsed: 0 });
  });

  it("Quota reports the child's RAM quota and use, and its cap quota and use", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 10);
    kn.endpoint(pd, 1);
    kn.signal(pd, 2);
    expect(kn.k.k_ram_used(pd, 65536)).toBe(Err.Ok);
    expect(kn.quota(CORE, ctl)).toEqual({ ram: 1 << 20, ramUsed: 65536, caps: 10, capsUsed: 2 });
    expect(kn.account(pd)).toEqual({ ram: 1 << 20, ramUsed: 65536, caps: 10, capsUsed: 2 });
  });

  it("Give and Take move exactly what they say between parent and child", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 10);
    const core0 = kn.account(CORE);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 4096, 3)).toBe(Err.Ok);
    expect(kn.quota(CORE, ctl)).toMatchObject({ ram: (1 << 20) + 4096, caps: 13 });
    expect(kn.account(CORE)).toEqual({ ...core0, ram: core0.ram - 4096, caps: core0.caps - 3 });
    expect(kn.pdOp(CORE, ctl, PdOp.Take, 8192, 5)).toBe(Err.Ok);
    expect(kn.quota(CORE, ctl)).toMatchObject({ ram: (1 << 20) - 4096, caps: 8 });
    expect(kn.account(CORE)).toEqual({ ...core0, ram: core0.ram + 4096, caps: core0.caps + 2 });
    // Only RAM, only caps, nothing at all.
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 4096, 0)).toBe(Err.Ok);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, 0, 2)).toBe(Err.Ok);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 0, 0)).toBe(Err.Ok);
    expect(kn.quota(CORE, ctl)).toMatchObject({ ram: 1 << 20, caps: 6 });
    expect(kn.account(CORE)).toEqual({ ...core0, caps: core0.caps + 4 });
  });

  it("Give and Take through a copy of the PD capability still move quota between the child and its parent", async () => {
    const kn = await boot();
    const parent = kn.child(CORE, 1 << 22, 40);
    const child = kn.child(parent.pd, 1 << 20, 10);
    const other = kn.child(CORE, 1 << 22, 40);
    const copy = kn.k.k_cap_grant(parent.pd, child.ctl, other.pd, 0, Rights.Call);
    const parentQuota = kn.account(parent.pd), otherQuota = kn.account(other.pd);
    expect(kn.pdOp(other.pd, copy, PdOp.Give, 4096, 2)).toBe(Err.Ok);
    expect(kn.pdOp(other.pd, copy, PdOp.Take, 8192, 1)).toBe(Err.Ok);
    expect(kn.account(child.pd)).toMatchObject({ ram: (1 << 20) - 4096, caps: 11 });
    expect(kn.account(parent.pd)).toEqual({ ...parentQuota, ram: parentQuota.ram + 4096, caps: parentQuota.caps - 1 });
    expect(kn.account(other.pd)).toEqual(otherQuota);
    // When the child dies its quota goes to its parent: the parent is whole again, the other PD unchanged.
    kn.pdOp(other.pd, copy, PdOp.Kill);
    expect(kn.account(parent.pd)).toEqual({ ...parentQuota, ram: parentQuota.ram + (1 << 20), caps: parentQuota.caps + 10 });
    expect(kn.account(other.pd)).toEqual(otherQuota);
  });

  it("an unknown operation is Err.BadOpcode; capabilities sent to a PD object are Err.BadMsg", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 10);
    expect(kn.pdOp(CORE, ctl, 99 as PdOp)).toBe(Err.BadOpcode);
    const sig = kn.signal(CORE, 1);
    expect(kn.call(CORE, ctl, { op: PdOp.Kill, caps: [sig] })).toBe(Err.BadMsg);
    expect(kn.k.k_pd_alive(pd)).toBeTruthy();
    expect(kn.k.k_cap_used(pd)).toBe(0);
  });

  it("a PD capability without Call cannot be used; one with Call works from any holder", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 10);
    const other = kn.child(CORE, 0, 4);
    const noCall = kn.k.k_cap_grant(CORE, ctl, other.pd, 0, Rights.All & ~Rights.Call);
    const call = kn.k.k_cap_grant(CORE, ctl, other.pd, 0, Rights.Call);
    expect(kn.call(other.pd, noCall, { op: PdOp.Kill })).toBe(Err.Rights);
    expect(kn.k.k_pd_alive(pd)).toBeTruthy();
    expect(kn.k.k_call(other.pd, call, PdOp.Status, 0, 0, 0, 0)).toBe(KCall.Served);
    expect(kn.reg(KReg.Result)).toBe(PdState.Running);
    // The copy dies with the PD object: when core drops it, the holder's copy is stale.
    kn.k.k_drop(CORE, ctl);
    expect(kn.call(other.pd, call, { op: PdOp.Status })).toBe(Err.Stale);
  });
});
