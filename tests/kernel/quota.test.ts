// kernel.wasm's quotas: RAM and capabilities move from parent to child and back, and no PD holds more than its quota.
import { describe, expect, it } from "vitest";
import { Err, PdOp, PdState, Rights, Slot } from "../../kernel/abi.ts";
import { boot, CORE, CORE_CAPS, CORE_RAM, type K } from "./kernel_fixture.ts";

/** The state a refused operation must leave as it was. */
function state(kn: K, ...pds: number[]) {
  return { pds: pds.map((pd) => kn.account(pd)), objects: kn.k.k_objects(), depth: kn.k.k_depth() };
}

describe("creating children", () => {
  it("a child's RAM and caps come out of its parent's quota, plus one cap for the PD capability", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 1 << 20, 10);
    expect(kn.account(pd)).toEqual({ ram: 1 << 20, ramUsed: 0, caps: 10, capsUsed: 0 });
    expect(kn.account(CORE)).toEqual({ ram: CORE_RAM - (1 << 20), ramUsed: 0, caps: CORE_CAPS - 10, capsUsed: 1 });
  });

  it("k_pd_create is Err.Quota when the parent lacks the RAM or the caps, and nothing changes", async () => {
    const kn = await boot(1 << 20, 10);
    expect(kn.k.k_ram_used(CORE, 4096)).toBe(Err.Ok);
    const before = state(kn, CORE);
    expect(kn.k.k_pd_create(CORE, (1 << 20) - 4096 + 1, 1)).toBe(Err.Quota); // RAM in use is not free
    expect(kn.k.k_pd_create(CORE, 0, 10)).toBe(Err.Quota); // no cap left for the PD capability
    expect(kn.k.k_pd_create(CORE, 0, 0)).toBe(Err.Quota); // a PD needs a cap for its parent capability
    expect(kn.k.k_pd_create(CORE, 0, 0xffffffff)).toBe(Err.Quota);
    expect(kn.k.k_pd_create(CORE, 0, -1)).toBe(Err.Quota);
    expect(kn.k.k_pd_create(CORE, 2 ** 32, 1)).toBe(Err.Quota);
    expect(kn.k.k_pd_create(CORE, -1, 1)).toBe(Err.Invalid);
    expect(kn.k.k_pd_create(CORE, NaN, 1)).toBe(Err.Invalid);
    expect(kn.k.k_pd_create(CORE, 2 ** 32 + 1, 1)).toBe(Err.Invalid);
    expect(state(kn, CORE)).toEqual(before);
    expect(kn.dead()).toEqual([]);
    // Exactly what is free is enough.
    const { pd } = kn.child(CORE, (1 << 20) - 4096, 9);
    expect(kn.account(CORE)).toEqual({ ram: 4096, ramUsed: 4096, caps: 1, capsUsed: 1 });
    expect(kn.account(pd)).toMatchObject({ ram: (1 << 20) - 4096, caps: 9 });
  });

  it("a PD's RAM use cannot exceed its quota", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 1 << 20, 4);
    expect(kn.k.k_ram_used(pd, 1 << 20)).toBe(Err.Ok);
    expect(kn.k.k_ram_used(pd, (1 << 20) + 1)).toBe(Err.Quota);
    expect(kn.account(pd).ramUsed).toBe(1 << 20);
  });
});

describe("the cap quota", () => {
  it("creating endpoints and signals past the cap quota is Err.Quota, and nothing is created", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 3);
    kn.endpoint(pd, 1);
    kn.signal(pd, 2);
    kn.endpoint(pd, 3);
    const before = state(kn, pd);
    expect(kn.k.k_endpoint(pd, 4)).toBe(Err.Quota);
    expect(kn.k.k_signal_create(pd, 5)).toBe(Err.Quota);
    expect(kn.k.k_derive(pd, Slot.First, Rights.Call)).toBe(Err.Quota);
    expect(kn.k.k_cap_grant(CORE, kn.endpoint(CORE, 6), pd, 0, Rights.Call)).toBe(Err.Quota);
    expect(kn.k.k_pd_create(pd, 0, 1)).toBe(Err.Quota);
    expect(state(kn, pd)).toEqual({ ...before, objects: before.objects + 1 }); // only core's endpoint
    // Dropping one makes room for one.
    expect(kn.k.k_drop(pd, Slot.First)).toBe(Err.Ok);
    expect(kn.k.k_endpoint(pd, 4)).toBe(Slot.First);
  });

  it("a call that would transfer capabilities into a full server is Err.Quota, and nothing changes", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 2);
    const { pd: client } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(server, 1);
    const own = kn.endpoint(server, 2); // the server's cap quota is now full
    const toServer = kn.k.k_cap_grant(server, ep, client, 0, Rights.Call | Rights.Transfer);
    const backToServer = kn.k.k_cap_grant(server, own, client, 0, Rights.Transfer);
    const sig = kn.signal(client, 3);
    kn.k.k_enter(client);
    const before = state(kn, server, client);
    expect(kn.call(client, toServer, { caps: [sig] })).toBe(Err.Quota);
    expect(kn.call(client, toServer, { caps: [backToServer, sig] })).toBe(Err.Quota);
    expect(state(kn, server, client)).toEqual(before);
    // An endpoint of the server's own arrives unwrapped and takes no slot: that call goes through.
    expect(kn.call(client, toServer, { caps: [backToServer] })).toBe(server);
    expect(kn.caps(1)).toEqual([2]);
  });

  it("a reply that would transfer capabilities into a full caller is Err.Quota, and moves nothing", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 8);
    const { pd: client } = kn.child(CORE, 0, 1);
    const toServer = kn.k.k_cap_grant(server, kn.endpoint(server, 1), client, 0, Rights.Call);
    const session = kn.endpoint(server, 2);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer)).toBe(server);
    const before = state(kn, client);
    expect(kn.reply(server, client, [session])).toBe(Err.Quota);
    expect(state(kn, client)).toEqual({ ...before, depth: before.depth - 1 });
  });
});

describe("moving quota", () => {
  it("Give fails when the parent lacks free quota (quota minus use), and changes nothing", async () => {
    const kn = await boot(1 << 20, 10);
    const { pd, ctl } = kn.child(CORE, 4096, 2);
    kn.k.k_ram_used(CORE, 65536);
    const before = state(kn, CORE, pd);
    const freeRam = (1 << 20) - 4096 - 65536, freeCaps = 10 - 2 - 1;
    expect(kn.pdOp(CORE, ctl, PdOp.Give, freeRam + 1, 0)).toBe(Err.Quota);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 0, freeCaps + 1)).toBe(Err.Quota);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 0, 0xffffffff)).toBe(Err.Quota);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 0xffffffff, 0)).toBe(Err.Quota);
    expect(state(kn, CORE, pd)).toEqual(before);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, freeRam, freeCaps)).toBe(Err.Ok);
    expect(kn.account(CORE)).toEqual({ ram: 65536, ramUsed: 65536, caps: 1, capsUsed: 1 });
  });

  it("Take fails when the child lacks free quota (quota minus use), and changes nothing", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 5);
    kn.k.k_ram_used(pd, 65536);
    kn.endpoint(pd, 1);
    kn.endpoint(pd, 2);
    const before = state(kn, CORE, pd);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, (1 << 20) - 65536 + 1, 0)).toBe(Err.Quota);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, 0, 4)).toBe(Err.Quota);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, 0, 0xffffffff)).toBe(Err.Quota);
    expect(state(kn, CORE, pd)).toEqual(before);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, (1 << 20) - 65536, 3)).toBe(Err.Ok);
    expect(kn.account(pd)).toEqual({ ram: 65536, ramUsed: 65536, caps: 2, capsUsed: 2 });
  });

  it("Give and Take on a dead child are Err.Dead", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 20, 5);
    kn.k.k_kill(pd, PdState.Faulted, 0);
    const before = state(kn, CORE);
    expect(kn.pdOp(CORE, ctl, PdOp.Give, 1, 1)).toBe(Err.Dead);
    expect(kn.pdOp(CORE, ctl, PdOp.Take, 1, 1)).toBe(Err.Dead);
    expect(state(kn, CORE)).toEqual(before);
  });
});

describe("quota returns", () => {
  it("after creating and killing a tree of children, the parent's quota is back to the byte", async () => {
    const kn = await boot();
    const before = kn.account(CORE);
    const a = kn.child(CORE, 10_000_000, 100);
    const b = kn.child(a.pd, 3_000_001, 30);
    const c = kn.child(a.pd, 1_234_567, 7);
    const d = kn.child(b.pd, 99_999, 3);
    kn.pdOp(CORE, a.ctl, PdOp.Give, 12345, 6);
    kn.pdOp(a.pd, b.ctl, PdOp.Take, 1000, 2);
    kn.pdOp(b.pd, d.ctl, PdOp.Give, 777, 1);
    for (const [pd, ram] of [[a.pd, 65536], [b.pd, 131072], [c.pd, 65536], [d.pd, 65536]]) expect(kn.k.k_ram_used(pd!, ram!)).toBe(Err.Ok);
    for (const pd of [a.pd, b.pd, c.pd, d.pd]) kn.endpoint(pd, pd);
    kn.k.k_cap_grant(c.pd, kn.signal(c.pd, 1), d.pd, 0, Rights.Signal);
    // A child that died earlier gave its quota to its parent, which is dying now.
    kn.k.k_kill(c.pd, PdState.Faulted, 0);
    expect(kn.pdOp(CORE, a.ctl, PdOp.Kill)).toBe(Err.Ok);
    expect(kn.account(CORE)).toEqual({ ...before, capsUsed: 1 }); // core still holds the PD capability
    expect(kn.k.k_drop(CORE, a.ctl)).toBe(Err.Ok);
    expect(kn.account(CORE)).toEqual(before);
    expect(kn.k.k_objects()).toBe(0);
  });

  it("a child killed by its parent gives its quota to the parent, not to the grandparent", async () => {
    const kn = await boot();
    const a = kn.child(CORE, 1 << 20, 20);
    const aBefore = kn.account(a.pd);
    const b = kn.child(a.pd, 1 << 16, 5);
    kn.k.k_ram_used(b.pd, 65536);
    kn.endpoint(b.pd, 1);
    expect(kn.pdOp(a.pd, b.ctl, PdOp.Kill)).toBe(Err.Ok);
    expect(kn.account(a.pd)).toEqual({ ...aBefore, capsUsed: aBefore.capsUsed + 1 });
    expect(kn.account(CORE)).toMatchObject({ ram: CORE_RAM - (1 << 20), caps: CORE_CAPS - 20 });
    // A dead PD holds nothing.
    expect(kn.account(b.pd)).toEqual({ ram: 0, ramUsed: 0, caps: 0, capsUsed: 0 });
  });
});
