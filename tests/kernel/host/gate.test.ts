// The IPC gates: valid modules; which calls go short, and that each carries its bytes and no more.
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { Err, KCall, Msg } from "../../../kernel/abi.ts";
import { callGateBytes, Gates, GateStatus, hubBytes, serveGateBytes } from "../../../kernel/host/gate.ts";

const CLIENT_IPC = 1024, SERVER_IPC = 2048, CLIENT_PD = 3, SERVER_PD = 7, BADGE = 0x1234;

/** A call gate and a serve gate over two fresh memories; the kernel and the host are the test's. */
function rig(opts: {
  kernel?: (pd: number, slot: number, op: number, len: number) => bigint;
  dispatch?: (badge: number, op: number, len: number) => number;
  enter?: (serve: () => number) => number;
} = {}) {
  const seen = { kernel: [] as number[][], enter: [] as number[][], slow: [] as number[][] };
  const client = new WebAssembly.Memory({ initial: 1 }), server = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  let serve = (_b: number, _o: number, _l: number) => 0;
  const gates = new Gates((pd: number, slot: number, op: number, len: number) => {
    seen.kernel.push([pd, slot, op, len]);
    return opts.kernel ? opts.kernel(pd, slot, op, len) : (BigInt(BADGE) << 32n) | BigInt(SERVER_PD);
  }, {
    enter: (c, s, badge, op, len) => {
      seen.enter.push([c, s, badge, op, len]);
      const run = () => serve(badge, op, len);
      return opts.enter ? opts.enter(run) : run() === 0 ? Err.Ok : GateStatus.InPlace;
    },
    slow: (c, slot) => { seen.slow.push([c, slot]); return 77; },
  });
  const gate = gates.callGate(client, CLIENT_PD);
  gate.ipc.value = CLIENT_IPC;
  const fuel = new WebAssembly.Global({ value: "i32", mutable: true }, 1000), budget = new WebAssembly.Global({ value: "i32", mutable: true }, 1000);
  serve = gates.serveGate(server, SERVER_IPC, opts.dispatch ?? (() => 0), fuel, budget).serve;
  const words = (m: WebAssembly.Memory, at: number) => new Int32Array(m.buffer, at, Msg.BufferSize >> 2);
  const payload = (m: WebAssembly.Memory, at: number) => new Uint8Array(m.buffer, at + Msg.Payload, 256);
  /** Writes a request header and fills the payload area with `fill` bytes. */
  const request = (op: number, len: number, caps = 0, fill = 0xaa) => {
    const w = words(client, CLIENT_IPC);
    w[Msg.Opcode >> 2] = op; w[Msg.Length >> 2] = len; w[Msg.Caps >> 2] = caps;
    payload(client, CLIENT_IPC).fill(fill);
  };
  return { gate, seen, client, server, words, payload, request, fuel };
}

describe("gate modules", () => {
  it("are valid WebAssembly to wabt too, and read back as text", async () => {
    const wabt = await wabtInit();
    for (const bytes of [hubBytes(), callGateBytes(), serveGateBytes()]) {
      const m = wabt.readWasm(bytes, { readDebugNames: false });
      m.validate();
      expect(m.toText({})).toMatch(/^\(module/);
      m.destroy();
    }
  });
});

describe("a short call", () => {
  it("carries the request's bytes and no more to the server, and the reply's and no more back", () => {
    let arrived: number[] = [];
    const r = rig({
      dispatch: (badge, op, len) => {
        const w = r.words(r.server, SERVER_IPC), p = r.payload(r.server, SERVER_IPC);
        arrived = [badge, op, len, w[Msg.Opcode >> 2]!, w[Msg.Badge >> 2]!, w[Msg.Length >> 2]!, w[Msg.Caps >> 2]!, ...p.subarray(0, 64)];
        p.fill(0xbb);
        w[Msg.Length >> 2] = 3;
        return -42;
      },
    });
    r.request(9, 5);
    expect(r.gate.call(1)).toBe(Err.Ok);
    expect(r.seen.kernel).toEqual([[CLIENT_PD, 1, 9, 5]]);
    expect(r.seen.enter).toEqual([[CLIENT_PD, SERVER_PD, BADGE, 9, 5]]);
    expect(arrived).toEqual([BADGE, 9, 5, 9, BADGE, 5, 0, ...Array(5).fill(0xaa), ...Array(59).fill(0)]);
    const w = r.words(r.client, CLIENT_IPC), p = r.payload(r.client, CLIENT_IPC);
    expect([w[Msg.Opcode >> 2], w[Msg.Length >> 2], w[Msg.Caps >> 2]]).toEqual([-42, 3, 0]);
    expect([...p.subarray(0, 64)]).toEqual([...Array(3).fill(0xbb), ...Array(61).fill(0)]);
    expect(r.seen.slow).toEqual([]);
  });

  it("of exactly 64 bytes goes short, whole", () => {
    let got: number[] = [];
    const r = rig({ dispatch: () => { got = [...r.payload(r.server, SERVER_IPC).subarray(0, 64)]; return 0; } });
    r.request(1, 64);
    r.payload(r.client, CLIENT_IPC).forEach((_, i, a) => { a[i] = i; });
    expect(r.gate.call(2)).toBe(Err.Ok);
    expect(got).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });
});

describe("the full path", () => {
  it("takes capabilities, a payload past 64 bytes (or a negative one) and a call before the buffer is known; the kernel is not asked", () => {
    const r = rig();
    for (const [len, caps] of [[16, 1], [65, 0], [-1, 0]] as const) {
      r.request(1, len, caps);
      expect(r.gate.call(4)).toBe(77);
    }
    r.gate.ipc.value = -1;
    expect(r.gate.call(5)).toBe(77);
    expect(r.seen.slow).toEqual([[CLIENT_PD, 4], [CLIENT_PD, 4], [CLIENT_PD, 4], [CLIENT_PD, 5]]);
    expect(r.seen.kernel).toEqual([]);
  });

  it("takes a PD object (the kernel's KCall.Slow); a kernel error comes back as it is, the server never runs", () => {
    let answer = BigInt(KCall.Slow);
    const r = rig({ kernel: () => answer });
    r.request(1, 8);
    expect(r.gate.call(6)).toBe(77);
    answer = BigInt(Err.BadCap);
    expect(r.gate.call(6)).toBe(Err.BadCap);
    expect(r.seen.slow).toEqual([[CLIENT_PD, 6]]);
    expect(r.seen.enter).toEqual([]);
  });

  it("a reply the host wrote in place is success and the gate leaves the buffer alone; the host's error comes back", () => {
    let status: number = GateStatus.InPlace;
    const r = rig({ enter: () => status });
    r.request(12, 8);
    expect(r.gate.call(1)).toBe(Err.Ok);
    expect(r.words(r.client, CLIENT_IPC)[Msg.Opcode >> 2]).toBe(12);
    status = Err.Dead;
    expect(r.gate.call(1)).toBe(Err.Dead);
  });
});

describe("the serve gate", () => {
  it("hands the host a reply with capabilities, a long one, or one after the server's memory grew", () => {
    let reply = (_w: Int32Array) => {};
    const statuses: number[] = [];
    const r = rig({ dispatch: () => { reply(r.words(r.server, SERVER_IPC)); return 0; }, enter: (serve) => { statuses.push(serve()); return Err.Ok; } });
    r.request(1, 4);
    r.gate.call(1);
    reply = (w) => { w[Msg.Caps >> 2] = 1; w[Msg.Length >> 2] = 0; };
    r.gate.call(1);
    reply = (w) => { w[Msg.Caps >> 2] = 0; w[Msg.Length >> 2] = 65; };
    r.gate.call(1);
    reply = (w) => { w[Msg.Length >> 2] = 4; r.server.grow(1); };
    r.gate.call(1);
    reply = () => {};
    r.gate.call(1); // the gate knows the new size now
    expect(statuses).toEqual([0, 1, 1, 1, 0]);
  });

  it("reports above the status bit the fuel the call cost the server: its budget less its counter", () => {
    let left = 1000, long = false;
    const statuses: number[] = [];
    const r = rig({
      dispatch: () => { r.fuel.value = left; if (long) r.words(r.server, SERVER_IPC)[Msg.Length >> 2] = 65; return 0; },
      enter: (serve) => { statuses.push(serve()); return Err.Ok; },
    });
    r.request(1, 4);
    r.gate.call(1);
    left = 958;
    r.gate.call(1);
    long = true;
    r.gate.call(1);
    // Run out (the counter at zero or below): the whole budget.
    long = false;
    left = -5;
    r.gate.call(1);
    expect(statuses).toEqual([0, 42 << 1, (42 << 1) | 1, 1000 << 1]);
  });
});
