// kernel.wasm's capability checks: forged, dropped, stale, mistyped and under-privileged capabilities; derive; slots per PD.
import { describe, expect, it } from "vitest";
import { Err, KReg, ObjType, PdState, Rights, Slot } from "../../kernel/abi.ts";
import { boot, CORE } from "./kernel_fixture.ts";

describe("forged capability numbers", () => {
  it("an empty slot, slot 0, a huge slot and a negative number are Err.BadCap for every operation", async () => {
    const kn = await boot();
    const { k } = kn;
    const ep = kn.endpoint(CORE, 7);
    for (const slot of [ep + 1, Slot.Null, Slot.Parent, 1 << 30, 0xffffffff, -1, -ep]) {
      expect(kn.call(CORE, slot), `call ${slot}`).toBe(Err.BadCap);
      expect(k.k_signal(CORE, slot), `signal ${slot}`).toBe(Err.BadCap);
      expect(k.k_derive(CORE, slot, Rights.Call), `derive ${slot}`).toBe(Err.BadCap);
      expect(k.k_drop(CORE, slot), `drop ${slot}`).toBe(Err.BadCap);
      expect(k.k_cap_info(CORE, slot), `info ${slot}`).toBe(Err.BadCap);
    }
    // Nothing was created or lost on the way.
    expect(k.k_cap_used(CORE)).toBe(1);
    expect(kn.info(CORE, ep)).toMatchObject({ type: ObjType.Endpoint, rights: Rights.All });
  });

  it("a dropped capability is Err.BadCap, and dropping it again too", async () => {
    const kn = await boot();
    const ep = kn.endpoint(CORE, 7);
    const copy = kn.k.k_derive(CORE, ep, Rights.Call);
    expect(kn.k.k_drop(CORE, copy)).toBe(Err.Ok);
    expect(kn.call(CORE, copy)).toBe(Err.BadCap);
    expect(kn.k.k_drop(CORE, copy)).toBe(Err.BadCap);
    expect(kn.info(CORE, ep).type).toBe(ObjType.Endpoint); // dropping a copy leaves the object alone
  });

  it("a capability granted into a slot the PD's quota could never reach is refused, not installed", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 4);
    const ep = kn.endpoint(CORE, 7);
    for (const at of [Slot.First + 4, 1 << 30, 0xffffffff, -1]) {
      expect(kn.k.k_cap_grant(CORE, ep, pd, at, Rights.Call), `at ${at}`).toBe(Err.Invalid);
    }
    expect(kn.k.k_cap_used(pd)).toBe(0);
    expect(kn.k.k_cap_grant(CORE, ep, pd, Slot.First + 3, Rights.Call)).toBe(Slot.First + 3);
    expect(kn.k.k_cap_grant(CORE, ep, pd, Slot.First + 3, Rights.Call)).toBe(Err.Invalid); // occupied
    expect(kn.info(CORE, ep).type).toBe(ObjType.Endpoint); // core's table is intact
  });
});

describe("stale capabilities", () => {
  it("dropping the owner's capability destroys the object: every copy, in every PD, is Err.Stale", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 8);
    const { pd: client } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(server, 5);
    const own = kn.k.k_derive(server, ep, Rights.Call);
    const theirs = kn.k.k_cap_grant(server, ep, client, 0, Rights.Call);
    expect(kn.k.k_drop(server, ep)).toBe(Err.Ok);
    for (const [pd, slot] of [[server, own], [client, theirs]] as const) {
      expect(kn.call(pd, slot)).toBe(Err.Stale);
      expect(kn.k.k_cap_info(pd, slot)).toBe(Err.Stale);
      expect(kn.k.k_derive(pd, slot, Rights.Call)).toBe(Err.Stale);
    }
    // A stale capability still takes its slot until its holder drops it.
    expect(kn.k.k_cap_used(client)).toBe(1);
    expect(kn.k.k_drop(client, theirs)).toBe(Err.Ok);
    expect(kn.k.k_cap_used(client)).toBe(0);
  });

  it("a new object in the old object's place does not revive stale capabilities", async () => {
    const kn = await boot();
    const { pd: client } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(CORE, 5);
    const copy = kn.k.k_cap_grant(CORE, ep, client, 0, Rights.Call);
    kn.k.k_drop(CORE, ep);
    const fresh = kn.endpoint(CORE, 6);
    expect(fresh).toBe(ep);
    expect(kn.call(client, copy)).toBe(Err.Stale);
  });

  it("the capabilities of a killed server's endpoints are Err.Stale", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 8);
    const { pd: client } = kn.child(CORE, 0, 8);
    const copy = kn.k.k_cap_grant(server, kn.endpoint(server, 5), client, 0, Rights.Call);
    expect(kn.k.k_kill(server, PdState.Faulted, 0)).toBe(Err.Ok);
    expect(kn.call(client, copy)).toBe(Err.Stale);
    expect(kn.k.k_cap_info(client, copy)).toBe(Err.Stale);
  });
});

describe("types and rights", () => {
  it("calling a signal and signalling an endpoint are Err.Type, whatever rights the capability has", async () => {
    const kn = await boot();
    const sig = kn.signal(CORE, 1);
    const ep = kn.endpoint(CORE, 2);
    expect(kn.call(CORE, sig)).toBe(Err.Type);
    expect(kn.k.k_signal(CORE, ep)).toBe(Err.Type);
    expect(kn.call(CORE, kn.k.k_derive(CORE, sig, Rights.Signal))).toBe(Err.Type);
    expect(kn.k.k_signal(CORE, kn.k.k_derive(CORE, ep, Rights.Call))).toBe(Err.Type);
    expect(kn.signals()).toEqual([]);
  });

  it("a capability derived without Call cannot call; without Signal cannot signal", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(server, 2);
    const sig = kn.signal(CORE, 1);
    const noCall = kn.k.k_derive(server, ep, Rights.All & ~Rights.Call);
    const noSignal = kn.k.k_derive(CORE, sig, Rights.All & ~Rights.Signal);
    expect(kn.call(server, noCall)).toBe(Err.Rights);
    expect(kn.k.k_signal(CORE, noSignal)).toBe(Err.Rights);
    expect(kn.signals()).toEqual([]);
    expect(kn.k.k_depth()).toBe(0);
  });

  it("a capability without Transfer cannot be sent in a message: Err.BadMsg, and the call does not happen", async () => {
    const kn = await boot();
    const { pd: server } = kn.child(CORE, 0, 8);
    const { pd: client } = kn.child(CORE, 0, 8);
    const ep = kn.k.k_cap_grant(server, kn.endpoint(server, 2), client, 0, Rights.Call);
    const mine = kn.endpoint(client, 3);
    const noTransfer = kn.k.k_derive(client, mine, Rights.All & ~Rights.Transfer);
    expect(kn.k.k_enter(client)).toBe(Err.Ok);
    expect(kn.call(client, ep, { caps: [noTransfer] })).toBe(Err.BadMsg);
    expect(kn.k.k_cap_used(server)).toBe(1);
    expect(kn.k.k_depth()).toBe(1);
  });

  it("a capability without Derive cannot be derived from", async () => {
    const kn = await boot();
    const ep = kn.endpoint(CORE, 2);
    const callOnly = kn.k.k_derive(CORE, ep, Rights.Call | Rights.Transfer);
    expect(callOnly).toBeGreaterThan(0);
    expect(kn.k.k_derive(CORE, callOnly, Rights.Call)).toBe(Err.Rights);
    expect(kn.k.k_cap_used(CORE)).toBe(2);
  });

  it("derive never grants more rights than the source holds, and never Own", async () => {
    const kn = await boot();
    const ep = kn.endpoint(CORE, 2);
    const a = kn.k.k_derive(CORE, ep, Rights.All);
    expect(kn.info(CORE, a).rights).toBe(Rights.All & ~Rights.Own);
    const b = kn.k.k_derive(CORE, a, Rights.Call | Rights.Derive);
    expect(kn.info(CORE, b).rights).toBe(Rights.Call | Rights.Derive);
    const c = kn.k.k_derive(CORE, b, Rights.All);
    expect(kn.info(CORE, c).rights).toBe(Rights.Call | Rights.Derive);
    const d = kn.k.k_derive(CORE, b, Rights.Signal | Rights.Transfer | Rights.Derive);
    expect(kn.info(CORE, d).rights).toBe(Rights.Derive);
    // Dropping a derived copy never destroys the object, even when it asked for Own.
    expect(kn.k.k_drop(CORE, c)).toBe(Err.Ok);
    expect(kn.info(CORE, b).type).toBe(ObjType.Endpoint);
    // Rights the ABI does not know are refused.
    expect(kn.k.k_derive(CORE, ep, Rights.All + 1)).toBe(Err.Invalid);
  });

  it("k_cap_grant never grants more than the source, nor Own", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(CORE, 2);
    const weak = kn.k.k_derive(CORE, ep, Rights.Call | Rights.Derive);
    expect(kn.info(pd, kn.k.k_cap_grant(CORE, ep, pd, 0, Rights.All)).rights).toBe(Rights.All & ~Rights.Own);
    expect(kn.info(pd, kn.k.k_cap_grant(CORE, weak, pd, 0, Rights.All)).rights).toBe(Rights.Call | Rights.Derive);
  });
});

describe("capability spaces", () => {
  it("a slot number means something only in its own PD", async () => {
    const kn = await boot();
    const { pd: a } = kn.child(CORE, 0, 8);
    const { pd: b } = kn.child(CORE, 0, 8);
    const epA = kn.endpoint(a, 100);
    // The same number in another PD is empty...
    expect(kn.k.k_cap_info(b, epA)).toBe(Err.BadCap);
    expect(kn.call(b, epA)).toBe(Err.BadCap);
    expect(kn.k.k_drop(b, epA)).toBe(Err.BadCap);
    // ...or names something else there.
    const sigB = kn.signal(b, 200);
    expect(sigB).toBe(epA);
    expect(kn.info(a, epA).type).toBe(ObjType.Endpoint);
    expect(kn.info(b, sigB).type).toBe(ObjType.Signal);
    expect(kn.k.k_signal(a, epA)).toBe(Err.Type);
    expect(kn.k.k_signal(b, sigB)).toBe(Err.Ok);
    expect(kn.signals()).toEqual([{ pd: b, badge: 200, count: 1 }]);
  });

  it("k_cap_info names the object, its type and the slot's rights", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 0, 8);
    const ep = kn.endpoint(CORE, 1);
    const sig = kn.signal(CORE, 2);
    const epInfo = kn.info(CORE, ep);
    expect(epInfo.result).toBeGreaterThan(0);
    expect(epInfo).toMatchObject({ type: ObjType.Endpoint, rights: Rights.All });
    expect(kn.info(CORE, sig)).toMatchObject({ type: ObjType.Signal, rights: Rights.All });
    expect(kn.info(CORE, ctl)).toMatchObject({ type: ObjType.Pd, rights: Rights.All });
    // A copy names the same object.
    const copy = kn.k.k_cap_grant(CORE, ep, pd, 0, Rights.Call);
    expect(kn.info(pd, copy)).toEqual({ result: epInfo.result, type: ObjType.Endpoint, rights: Rights.Call });
  });

  it("hundreds of PDs and objects stay distinct: growing the kernel's tables disturbs nothing", async () => {
    const kn = await boot(1 << 30, 5000);
    const kids = Array.from({ length: 150 }, () => kn.child(CORE, 4096, 12));
    const made = kids.map(({ pd }, i) => ({ ep: kn.endpoint(pd, 3 * i), sig: kn.signal(pd, 3 * i + 1), ep2: kn.endpoint(pd, 3 * i + 2) }));
    expect(kn.k.k_objects()).toBe(kids.length * 4);
    kids.forEach(({ pd, ctl }, i) => {
      expect(kn.info(CORE, ctl).type, `ctl ${i}`).toBe(ObjType.Pd);
      expect(kn.info(pd, made[i]!.ep).type, `ep ${i}`).toBe(ObjType.Endpoint);
      expect(kn.info(pd, made[i]!.sig).type, `sig ${i}`).toBe(ObjType.Signal);
      expect(kn.account(pd)).toEqual({ ram: 4096, ramUsed: 0, caps: 12, capsUsed: 3 });
      expect(kn.k.k_signal(pd, made[i]!.sig)).toBe(Err.Ok);
    });
    expect(kn.signals()).toEqual(kids.map(({ pd }, i) => ({ pd, badge: 3 * i + 1, count: 1 })));
    // Every endpoint still carries its own badge.
    const { pd: client, ctl: clientCtl } = kn.child(CORE, 0, 4);
    kn.k.k_enter(client);
    kids.forEach(({ pd }, i) => {
      const copy = kn.k.k_cap_grant(pd, made[i]!.ep2, client, 0, Rights.Call);
      expect(kn.call(client, copy)).toBe(pd);
      expect(kn.reg(KReg.Badge)).toBe(3 * i + 2);
      expect(kn.reply(pd, client)).toBe(Err.Ok);
      kn.k.k_drop(client, copy);
    });
    kn.k.k_leave(client);
    for (const { ctl } of [...kids, { ctl: clientCtl }]) expect(kn.k.k_drop(CORE, ctl)).toBe(Err.Ok);
    expect(kn.k.k_objects()).toBe(0);
    expect(kn.dead()).toHaveLength(kids.length + 1);
    expect(kn.account(CORE)).toEqual({ ram: 1 << 30, ramUsed: 0, caps: 5000, capsUsed: 0 });
  });
});
