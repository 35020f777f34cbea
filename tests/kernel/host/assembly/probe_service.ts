// Test service "Probe": echoes, traps, exits or calls back in the middle of a call, as the host tests need.
import { Err, Msg } from "../../../../kernel/abi.ts";
import { exit } from "../../../../components/lib/component.ts";
import * as msg from "../../../../components/lib/message.ts";
import { Root, SessionRequest, announce } from "../../../../components/lib/root.ts";
import { RpcObject, call } from "../../../../components/lib/rpc.ts";

export const enum ProbeOp { Echo = 1, Trap = 2, Exit = 3, CallBack = 4, Recurse = 5, Grow = 6, Spin = 7, Peek = 8, Burn = 9 }

function recurse(n: i32): i32 { return n <= 0 ? 0 : recurse(n - 1) + 1; }

class ProbeSession extends RpcObject {
  dispatch(op: i32): i32 {
    if (op == ProbeOp.Echo) {
      const b = msg.getBytes();
      msg.begin();
      msg.putBytes(b);
      return b.length;
    }
    if (op == ProbeOp.Trap) unreachable();
    if (op == ProbeOp.Exit) exit(3);
    if (op == ProbeOp.CallBack) {
      // Calls the capability the client sent: the client is on the call chain, so the kernel refuses.
      const cap = msg.getCap(0);
      msg.begin(1);
      const r = call(cap);
      msg.begin();
      msg.putI32(r);
      return Err.Ok;
    }
    if (op == ProbeOp.Recurse) return recurse(1 << 30);
    if (op == ProbeOp.Grow) {
      // Allocates until memory.grow fails against the RAM quota.
      const keep = new Array<ArrayBuffer>();
      while (true) keep.push(new ArrayBuffer(16 << 10));
    }
    if (op == ProbeOp.Spin) {
      // Loops forever: only its fuel budget stops it.
      let n: u32 = 0;
      while (true) store<u32>(0, ++n);
    }
    if (op == ProbeOp.Burn) {
      // Loops as many times as the request says, then answers: honest work that takes long.
      const n = msg.getU32();
      for (let i: u32 = 0; i < n; i++) store<u32>(0, i);
      msg.begin();
      return Err.Ok;
    }
    if (op == ProbeOp.Peek) {
      // Counts the client's marker bytes (0xAA) past the request's length: none may arrive. The
      // reply (one word, or 17 for a long request) leaves the server's own marker (0xBB) past it.
      const n = msg.length();
      const payload = msg.ipcBuffer + Msg.Payload;
      let leaked: u32 = 0;
      for (let i: u32 = n; i < 256; i++) if (load<u8>(payload + i) == 0xaa) leaked++;
      memory.fill(payload, 0xbb, 256);
      msg.begin();
      for (let i = 0; i < (n > 64 ? 17 : 1); i++) msg.putU32(leaked);
      return Err.Ok;
    }
    return Err.BadOpcode;
  }
}

class ProbeRoot extends Root {
  create(request: SessionRequest): RpcObject | null { return new ProbeSession(); }
}

export function serve(): void {
  announce("Probe", new ProbeRoot());
}
