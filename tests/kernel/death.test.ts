// kernel.wasm's deaths: revocation, the exit signal, the host's death queue, PD numbers that are not reused too early.
import { describe, expect, it } from "vitest";
import { Err, KReg, PdOp, PdState, Rights } from "../../kernel/abi.ts";
import { boot, CORE } from "./kernel_fixture.ts";

describe("k_kill", () => {
  it("revokes every object the PD owned: calls and signals from others fail with Err.Stale", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 1 << 20, 10);
    const { pd: client } = kn.child(CORE, 1 << 20, 10);
    const eps = [kn.endpoint(server, 1), kn.endpoint(server, 2)].map((ep) => kn.k.k_cap_grant(server, ep, client, 0, Rights.Call));
    const sig = kn.k.k_cap_grant(server, kn.signal(server, 3), client, 0, Rights.Signal);
    const objects = kn.k.k_objects();
    kn.k.k_enter(client);
    expect(kn.k.k_kill(server, PdState.Faulted, 0)).toBe(Err.Ok);
    for (const ep of eps) expect(kn.call(client, ep)).toBe(Err.Stale);
    expect(kn.k.k_signal(client, sig)).toBe(Err.Stale);
    expect(kn.k.k_objects()).toBe(objects - 3);
    expect(kn.k.k_depth()).toBe(1);
    // The dead PD can do nothing any more.
    expect(kn.k.k_endpoint(server, 4)).toBe(Err.Dead);
    expect(kn.k.k_signal_create(server, 4)).toBe(Err.Dead);
    expect(kn.k.k_enter(server)).toBe(Err.Dead);
    expect(kn.k.k_ram_used(server, 0)).toBe(Err.Dead);
  });

  it("submits the exit signal set with k_pd_exit_signal to its holder", async () => {
    const kn = await boot();
    const parent = kn.child(CORE, 1 << 20, 10);
    const child = kn.child(parent.pd, 1 << 16, 4);
    const sig = kn.signal(parent.pd, 0xfeedf00d);
    expect(kn.k.k_pd_exit_signal(child.pd, parent.pd, sig)).toBe(Err.Ok);
    expect(kn.signals()).toEqual([]);
    expect(kn.k.k_kill(child.pd, PdState.Exited, 3)).toBe(Err.Ok);
    expect(kn.signals()).toEqual([{ pd: parent.pd, badge: 0xfeedf00d, count: 1 }]);
    expect(kn.pdOp(parent.pd, child.ctl, PdOp.Status)).toBe(PdState.Exited);
    expect(kn.reg(KReg.Out0)).toBe(3);
  });

  it("the exit signal needs a signal capability with the Signal right", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 1 << 16, 4);
    const ep = kn.endpoint(CORE, 1);
    const sig = kn.signal(CORE, 2);
    expect(kn.k.k_pd_exit_signal(pd, CORE, ep)).toBe(Err.Type);
    expect(kn.k.k_pd_exit_signal(pd, CORE, kn.k.k_derive(CORE, sig, Rights.Call))).toBe(Err.Rights);
    expect(kn.k.k_pd_exit_signal(pd, CORE, 99)).toBe(Err.BadCap);
    expect(kn.k.k_pd_exit_signal(pd, 55, sig)).toBe(Err.Dead);
    kn.k.k_kill(pd, PdState.Killed, 0);
    expect(kn.signals()).toEqual([]);
  });

  it("reports each death once through k_next_dead and counts it in KReg.Deaths", async () => {
    const kn = await boot();
    const a = kn.child(CORE, 0, 2), b = kn.child(CORE, 0, 2);
    const deaths = kn.reg(KReg.Deaths);
    expect(kn.k.k_kill(b.pd, PdState.Faulted, 0)).toBe(Err.Ok);
    expect(kn.k.k_kill(b.pd, PdState.Faulted, 0)).toBe(Err.Dead);
    expect(kn.pdOp(CORE, b.ctl, PdOp.Kill)).toBe(Err.Ok);
    kn.k.k_drop(CORE, b.ctl);
    expect(kn.k.k_kill(a.pd, PdState.Exited, 0)).toBe(Err.Ok);
    expect(kn.reg(KReg.Deaths)).toBe(deaths + 2);
    expect(kn.dead()).toEqual([b.pd, a.pd]);
    expect(kn.dead()).toEqual([]);
  });

  it("refuses core, dead PDs, forged PD numbers and states that are not deaths", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 2);
    expect(kn.k.k_kill(CORE, PdState.Faulted, 0)).toBe(Err.Dead);
    expect(kn.k.k_kill(pd + 1, PdState.Faulted, 0)).toBe(Err.Dead);
    expect(kn.k.k_kill(-1, PdState.Faulted, 0)).toBe(Err.Dead);
    expect(kn.k.k_kill(pd, PdState.Running, 0)).toBe(Err.Invalid);
    expect(kn.k.k_kill(pd, 99, 0)).toBe(Err.Invalid);
    expect(kn.k.k_pd_alive(pd)).toBeTruthy();
    expect(kn.k.k_pd_alive(CORE)).toBeTruthy();
    expect(kn.dead()).toEqual([]);
  });
});

describe("PD numbers", () => {
  it("are not reused while the parent holds the PD capability, even after the host took the death", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 0, 2);
    kn.k.k_kill(pd, PdState.Exited, 0);
    expect(kn.dead()).toEqual([pd]);
    const other = kn.child(CORE, 0, 2);
    expect(other.pd).not.toBe(pd);
    expect(kn.pdOp(CORE, ctl, PdOp.Status)).toBe(PdState.Exited); // still the dead PD's status
    kn.k.k_drop(CORE, ctl);
    // Once both let go, the number is free again.
    expect(kn.child(CORE, 0, 2).pd).toBe(pd);
  });

  it("are not reused while the host has not taken the death, even after the parent let go", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 0, 2);
    kn.k.k_drop(CORE, ctl);
    expect(kn.k.k_pd_alive(pd)).toBeFalsy();
    const other = kn.child(CORE, 0, 2);
    expect(other.pd).not.toBe(pd);
    expect(kn.dead()).toEqual([pd]);
    expect(kn.child(CORE, 0, 2).pd).toBe(pd);
  });

  it("are not reused while the dead PD is still on the call chain, and the chain unwinds fully", async () => {
    const kn = await boot();
    const parent = kn.child(CORE, 1 << 20, 10);
    const child = kn.child(parent.pd, 1 << 16, 4);
    expect(kn.k.k_enter(child.pd)).toBe(Err.Ok);
    // The child's parent dies under it (core drops the parent's PD capability): both are let go of.
    kn.k.k_drop(CORE, parent.ctl);
    expect(kn.dead()).toEqual([child.pd, parent.pd]);
    const fresh = [kn.child(CORE, 0, 1).pd, kn.child(CORE, 0, 1).pd];
    expect(fresh).not.toContain(child.pd);
    // The host unwinds the child's activation: the chain is empty again and the number free.
    kn.k.k_leave(child.pd);
    expect(kn.k.k_depth()).toBe(0);
    expect(kn.child(CORE, 0, 1).pd).toBe(child.pd);
  });

  it("a server that dies in a call and is let go of at once is not reused before the reply", async () => {
    const kn = await boot();
    const server = kn.child(CORE, 1 << 16, 4);
    const { pd: client } = kn.child(CORE, 1 << 16, 4);
    const ep = kn.k.k_cap_grant(server.pd, kn.endpoint(server.pd, 1), client, 0, Rights.Call);
    kn.k.k_enter(client);
    expect(kn.call(client, ep)).toBe(server.pd);
    kn.k.k_kill(server.pd, PdState.Faulted, 0);
    kn.k.k_drop(CORE, server.ctl);
    expect(kn.dead()).toEqual([server.pd]);
    const fresh = kn.child(CORE, 1 << 16, 4);
    expect(fresh.pd).not.toBe(server.pd);
    expect(kn.reply(server.pd, client)).toBe(Err.Dead);
    expect(kn.k.k_pd_alive(fresh.pd)).toBeTruthy();
    expect(kn.k.k_depth()).toBe(1);
  });
});
