// kernel.wasm's calls: badges, capability transfer both ways, unwrapping, check-before-change, the call chain.
import { describe, expect, it } from "vitest";
import { Err, KCall, KReg, Limit, Msg, ObjType, PdOp, PdState, Rights } from "../../kernel/abi.ts";
import { boot, CORE, type K, TOO_MANY_CAPS } from "./kernel_fixture.ts";

/** A server and a client, both children of core; the client holds a Call/Transfer copy of the server's endpoint. */
async function pair(badge = 5, caps = 16) {
  const kn = await boot();
  const { pd: server } = kn.child(CORE, 1 << 16, caps);
  const { pd: client } = kn.child(CORE, 1 << 16, caps);
  const ep = kn.endpoint(server, badge);
  const toServer = kn.k.k_cap_grant(server, ep, client, 0, Rights.Call | Rights.Transfer);
  expect(toServer).toBeGreaterThan(0);
  return { kn, server, client, ep, toServer };
}

/** Everything a failed call must leave as it was. */
function snapshot(kn: K, ...pds: number[]) {
  return { depth: kn.k.k_depth(), objects: kn.k.k_objects(), used: pds.map((pd) => kn.k.k_cap_used(pd)) };
}

describe("the short call (k_call_short, the gates' path)", () => {
  it("returns the server with the badge in the high word, after the same checks as k_call", async () => {
    const { kn, server, client, ep, toServer } = await pair(0xdeadbeef);
    const short = (slot: number, len = 64) => kn.k.k_call_short(client, slot, 1, len);
    expect(short(toServer)).toBe(BigInt(Err.Invalid)); // not on the call chain
    kn.k.k_enter(client);
    expect(short(toServer)).toBe(BigInt.asIntN(64, (0xdeadbeefn << 32n) | BigInt(server)));
    expect(kn.k.k_depth()).toBe(2);
    expect(short(toServer, Msg.MaxPayload + 1)).toBe(BigInt(Err.BadMsg));
    expect(short(999)).toBe(BigInt(Err.BadCap));
    const weak = kn.k.k_cap_grant(server, ep, client, 0, Rights.Transfer);
    expect(short(weak)).toBe(BigInt(Err.Rights));
  });

  it("leaves a PD object to the full path: KCall.Slow, and the operation not done", async () => {
    const kn = await boot();
    const { pd, ctl } = kn.child(CORE, 1 << 16, 16);
    expect(kn.k.k_call_short(CORE, ctl, PdOp.Kill, 0)).toBe(BigInt(KCall.Slow));
    expect(kn.k.k_pd_alive(pd)).toBeTruthy();
  });
});

describe("calls", () => {
  it("a call reaches the server with the badge of the endpoint called", async () => {
    const { kn, server, client, toServer } = await pair(0xdeadbeef);
    expect(kn.k.k_enter(client)).toBe(Err.Ok);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.reg(KReg.Badge) >>> 0).toBe(0xdeadbeef);
    expect(kn.k.k_depth()).toBe(2);
    expect(kn.reply(server, client)).toBe(Err.Ok);
    expect(kn.k.k_depth()).toBe(1);
  });

  it("a reply without capabilities needs no kernel entry: the caller's next call takes the server off the chain", async () => {
    const { kn, server, client, toServer } = await pair();
    kn.k.k_enter(client);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.k.k_depth()).toBe(2);
    // The server returned (the host copied its reply without the kernel); the client calls again.
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.k.k_depth()).toBe(2);
    // And when the client's activation ends, it and everything above it leave the chain.
    kn.k.k_leave(client);
    expect(kn.k.k_depth()).toBe(0);
  });

  it("only a PD on the call chain may call through an endpoint", async () => {
    const { kn, client, toServer } = await pair();
    expect(kn.call(client, toServer)).toBe(Err.Invalid);
    expect(kn.k.k_depth()).toBe(0);
  });

  it("k_call transfers capabilities from the caller to the server, which gets them in new slots without Own", async () => {
    const { kn, server, client, toServer } = await pair();
    const sig = kn.signal(client, 33);
    const other = kn.endpoint(client, 44);
    const usedBefore = kn.k.k_cap_used(server);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer, { caps: [sig, other] })).toBe(server);
    expect(kn.reg(KReg.Unwrapped)).toBe(0);
    const [s0, s1] = kn.caps(2);
    expect(kn.info(server, s0!)).toMatchObject({ type: ObjType.Signal, rights: Rights.All & ~Rights.Own });
    expect(kn.info(server, s1!)).toMatchObject({ type: ObjType.Endpoint, rights: Rights.All & ~Rights.Own });
    expect(kn.k.k_cap_used(server)).toBe(usedBefore + 2);
    // The server can use them; the caller still holds its own.
    expect(kn.k.k_signal(server, s0!)).toBe(Err.Ok);
    expect(kn.signals()).toEqual([{ pd: client, badge: 33, count: 1 }]);
    expect(kn.info(client, sig).rights).toBe(Rights.All);
    // Dropping the server's copy destroys nothing.
    expect(kn.k.k_drop(server, s1!)).toBe(Err.Ok);
    expect(kn.info(client, other).type).toBe(ObjType.Endpoint);
  });

  it("k_reply transfers capabilities from the server to the caller", async () => {
    const { kn, server, client, toServer } = await pair();
    const session = kn.endpoint(server, 77);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.reply(server, client, [session])).toBe(Err.Ok);
    expect(kn.reg(KReg.Unwrapped)).toBe(0);
    const [got] = kn.caps(1);
    expect(kn.info(client, got!)).toMatchObject({ type: ObjType.Endpoint, rights: Rights.All & ~Rights.Own });
    // The session capability works: it calls the server with the session's badge.
    expect(kn.call(client, got!)).toBe(server);
    expect(kn.reg(KReg.Badge)).toBe(77);
  });

  it("an endpoint sent to the PD that serves it arrives unwrapped, as its badge, in either direction", async () => {
    const { kn, server, client, toServer } = await pair(5);
    const session = kn.k.k_cap_grant(server, kn.endpoint(server, 1234), client, 0, Rights.Call | Rights.Transfer);
    const foreign = kn.signal(client, 9);
    const serverUsed = kn.k.k_cap_used(server);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer, { caps: [foreign, session] })).toBe(server);
    expect(kn.reg(KReg.Unwrapped)).toBe(0b10);
    const [sigSlot, badge] = kn.caps(2);
    expect(badge).toBe(1234);
    expect(kn.info(server, sigSlot!).type).toBe(ObjType.Signal);
    expect(kn.k.k_cap_used(server)).toBe(serverUsed + 1); // only the signal took a slot

    // The reply hands the client back its own endpoint: the client gets its badge.
    const clientEp = kn.endpoint(client, 4321);
    const atServer = kn.k.k_cap_grant(client, clientEp, server, 0, Rights.Transfer);
    const clientUsed = kn.k.k_cap_used(client);
    expect(kn.reply(server, client, [atServer])).toBe(Err.Ok);
    expect(kn.reg(KReg.Unwrapped)).toBe(0b1);
    expect(kn.caps(1)).toEqual([4321]);
    expect(kn.k.k_cap_used(client)).toBe(clientUsed);
  });

  it("a call through a capability the caller holds only as a stale or dropped copy does not reach the server", async () => {
    const { kn, server, client, toServer } = await pair();
    kn.k.k_enter(client);
    kn.k.k_drop(client, toServer);
    expect(kn.call(client, toServer)).toBe(Err.BadCap);
    expect(kn.k.k_depth()).toBe(1);
    expect(kn.k.k_pd_alive(server)).toBeTruthy();
  });

  it("a dead PD cannot call", async () => {
    const { kn, client, toServer } = await pair();
    kn.k.k_kill(client, PdState.Killed, 0);
    expect(kn.call(client, toServer)).toBe(Err.Dead);
  });
});

describe("everything is checked before anything changes", () => {
  it("a message with one good and one bad capability moves none, and the call does not happen", async () => {
    const { kn, server, client, toServer } = await pair();
    const good = kn.signal(client, 1);
    const doomed = kn.signal(client, 2);
    const stale = kn.k.k_derive(client, doomed, Rights.All);
    kn.k.k_drop(client, doomed); // the owner's capability: the copy turns stale
    kn.k.k_enter(client);
    for (const bad of [good + 100, stale, 0]) {
      const before = snapshot(kn, server, client);
      expect(kn.call(client, toServer, { caps: [good, bad] }), `bad ${bad}`).toBe(Err.BadMsg);
      expect(kn.call(client, toServer, { caps: [bad, good] }), `bad ${bad}`).toBe(Err.BadMsg);
      expect(snapshot(kn, server, client)).toEqual(before);
    }
    // The server is not on the chain: the same call without the bad capability goes through.
    expect(kn.call(client, toServer, { caps: [good] })).toBe(server);
  });

  it("a payload longer than the IPC buffer or too many capabilities is Err.BadMsg, and nothing changes", async () => {
    const { kn, server, client, toServer } = await pair();
    const sig = kn.signal(client, 1);
    kn.k.k_enter(client);
    const before = snapshot(kn, server, client);
    expect(kn.call(client, toServer, { len: Msg.MaxPayload + 1 })).toBe(Err.BadMsg);
    expect(kn.call(client, toServer, { len: -4 })).toBe(Err.BadMsg);
    expect(kn.call(client, toServer, { caps: Array(TOO_MANY_CAPS).fill(sig) })).toBe(Err.BadMsg);
    expect(kn.call(client, toServer, { caps: [sig], ncaps: -1 })).toBe(Err.BadMsg);
    expect(snapshot(kn, server, client)).toEqual(before);
    // The limits themselves are allowed.
    expect(kn.call(client, toServer, { len: Msg.MaxPayload, caps: Array(Msg.MaxCaps).fill(sig) })).toBe(server);
  });

  it("a bad reply moves nothing to the caller but still ends the call", async () => {
    const { kn, server, client, toServer } = await pair();
    const good = kn.endpoint(server, 8);
    kn.k.k_enter(client);
    for (const [caps, len] of [[[good, good + 50], 0], [[], Msg.MaxPayload + 1], [Array(TOO_MANY_CAPS).fill(good), 0]] as const) {
      expect(kn.call(client, toServer)).toBe(server);
      const before = kn.k.k_cap_used(client);
      expect(kn.reply(server, client, [...caps], len)).toBe(Err.BadMsg);
      expect(kn.k.k_cap_used(client)).toBe(before);
      expect(kn.k.k_depth()).toBe(1);
    }
  });
});

describe("the call chain", () => {
  it("a call into a PD already on the chain is Err.Reentrant, including calling yourself", async () => {
    const { kn, server, client, toServer } = await pair();
    const back = kn.k.k_cap_grant(client, kn.endpoint(client, 6), server, 0, Rights.Call);
    const own = kn.endpoint(client, 7);
    kn.k.k_enter(client);
    expect(kn.call(client, own)).toBe(Err.Reentrant);
    expect(kn.call(client, toServer)).toBe(server);
    const before = snapshot(kn, server, client);
    expect(kn.call(server, back)).toBe(Err.Reentrant); // the client waits for the server
    expect(snapshot(kn, server, client)).toEqual(before);
    expect(kn.k.k_enter(server)).toBe(Err.Reentrant);
  });

  it("k_reply takes the server off the chain: it can be called again", async () => {
    const { kn, server, client, toServer } = await pair();
    const back = kn.k.k_cap_grant(client, kn.endpoint(client, 6), server, 0, Rights.Call);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.reply(server, client)).toBe(Err.Ok);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.reply(server, client)).toBe(Err.Ok);
    // Once the client's activation ends, the server may call it.
    kn.k.k_leave(client);
    expect(kn.k.k_depth()).toBe(0);
    kn.k.k_enter(server);
    expect(kn.call(server, back)).toBe(client);
  });

  it(`the chain is at most Limit.CallDepth (${Limit.CallDepth}) deep: one call more is Err.Depth`, async () => {
    const kn = await boot();
    const pds: number[] = [];
    for (let i = 0; i <= Limit.CallDepth; i++) pds.push(kn.child(CORE, 0, 4).pd);
    // Each PD holds the endpoint of the next.
    const next = pds.slice(0, -1).map((pd, i) => kn.k.k_cap_grant(pds[i + 1]!, kn.endpoint(pds[i + 1]!, i + 1), pd, 0, Rights.Call));
    expect(kn.k.k_enter(pds[0]!)).toBe(Err.Ok);
    for (let i = 0; i < Limit.CallDepth - 1; i++) expect(kn.call(pds[i]!, next[i]!), `call ${i}`).toBe(pds[i + 1]);
    expect(kn.k.k_depth()).toBe(Limit.CallDepth);
    const last = Limit.CallDepth - 1;
    expect(kn.call(pds[last]!, next[last]!)).toBe(Err.Depth);
    expect(kn.k.k_enter(pds[Limit.CallDepth]!)).toBe(Err.Depth);
    expect(kn.k.k_depth()).toBe(Limit.CallDepth);
    // One reply makes room for one call.
    expect(kn.reply(pds[last]!, pds[last - 1]!)).toBe(Err.Ok);
    expect(kn.call(pds[last - 1]!, next[last - 1]!)).toBe(pds[last]);
  });

  it("a server that dies during a call: the reply is Err.Dead, moves nothing, and both chains unwind", async () => {
    const { kn, server, client, toServer } = await pair();
    const session = kn.endpoint(server, 8);
    kn.k.k_enter(client);
    expect(kn.call(client, toServer)).toBe(server);
    expect(kn.k.k_kill(server, PdState.Faulted, 0)).toBe(Err.Ok);
    const used = kn.k.k_cap_used(client);
    expect(kn.reply(server, client, [session])).toBe(Err.Dead);
    expect(kn.k.k_cap_used(client)).toBe(used);
    expect(kn.k.k_depth()).toBe(1);
    kn.k.k_leave(client);
    expect(kn.k.k_depth()).toBe(0);
  });
});
