// kernel.wasm's signals: counting, FIFO delivery to the owner, and no delivery once the signal is gone.
import { describe, expect, it } from "vitest";
import { Err, PdState, Rights } from "../../kernel/abi.ts";
import { boot, CORE } from "./kernel_fixture.ts";

describe("signals", () => {
  it("count: three submits are one delivery with count 3", async () => {
    const kn = await boot();
    const sig = kn.signal(CORE, 0x80000001);
    for (let i = 0; i < 3; i++) expect(kn.k.k_signal(CORE, sig)).toBe(Err.Ok);
    expect(kn.signals()).toEqual([{ pd: CORE, badge: 0x80000001, count: 3 }]);
    expect(kn.signals()).toEqual([]);
    // After delivery the count starts again.
    kn.k.k_signal(CORE, sig);
    expect(kn.signals()).toEqual([{ pd: CORE, badge: 0x80000001, count: 1 }]);
  });

  it("are delivered in the order of their first submit, to the PD that owns each", async () => {
    const kn = await boot();
    const a = kn.child(CORE, 0, 4).pd, b = kn.child(CORE, 0, 4).pd;
    const sa = kn.signal(a, 1), sb = kn.signal(b, 2), sc = kn.signal(a, 3);
    // Anyone holding a copy with the Signal right may submit; delivery goes to the owner.
    const sbAtA = kn.k.k_cap_grant(b, sb, a, 0, Rights.Signal);
    kn.k.k_signal(a, sc);
    kn.k.k_signal(a, sa);
    kn.k.k_signal(a, sbAtA);
    kn.k.k_signal(a, sc);
    kn.k.k_signal(b, sb);
    expect(kn.signals()).toEqual([
      { pd: a, badge: 3, count: 2 },
      { pd: a, badge: 1, count: 1 },
      { pd: b, badge: 2, count: 2 },
    ]);
  });

  it("a signal destroyed while pending is not delivered; the others still are, in order", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 8);
    const [s1, s2, s3] = [kn.signal(pd, 1), kn.signal(pd, 2), kn.signal(pd, 3)];
    const copy = kn.k.k_cap_grant(pd, s2, CORE, 0, Rights.Signal);
    for (const s of [s1, s2, s3]) kn.k.k_signal(pd, s!);
    expect(kn.k.k_drop(pd, s2!)).toBe(Err.Ok);
    expect(kn.k.k_signal(CORE, copy)).toBe(Err.Stale);
    expect(kn.signals()).toEqual([{ pd, badge: 1, count: 1 }, { pd, badge: 3, count: 1 }]);
    // The tail of the queue can be destroyed too, and the queue still works after.
    kn.k.k_signal(pd, s1!);
    kn.k.k_signal(pd, s3!);
    kn.k.k_drop(pd, s3!);
    kn.k.k_signal(pd, s1!);
    const s4 = kn.signal(pd, 4);
    kn.k.k_signal(pd, s4);
    expect(kn.signals()).toEqual([{ pd, badge: 1, count: 2 }, { pd, badge: 4, count: 1 }]);
  });

  it("the signals of a PD that died are not delivered", async () => {
    const kn = await boot();
    const { pd } = kn.child(CORE, 0, 8);
    const mine = kn.signal(CORE, 9);
    const sig = kn.signal(pd, 1);
    kn.k.k_signal(pd, sig);
    kn.k.k_signal(CORE, mine);
    kn.k.k_kill(pd, PdState.Faulted, 0);
    expect(kn.signals()).toEqual([{ pd: CORE, badge: 9, count: 1 }]);
  });

  it("a signal whose slot number was reused by a new signal is not delivered as the new one", async () => {
    const kn = await boot();
    const old = kn.signal(CORE, 1);
    kn.k.k_signal(CORE, old);
    kn.k.k_drop(CORE, old);
    const fresh = kn.signal(CORE, 2);
    expect(fresh).toBe(old);
    expect(kn.signals()).toEqual([]);
    kn.k.k_signal(CORE, fresh);
    expect(kn.signals()).toEqual([{ pd: CORE, badge: 2, count: 1 }]);
  });
});
