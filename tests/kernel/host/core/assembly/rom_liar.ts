// Test component: a ROM server that hands out binaries (RomOp.Dataspace) honestly or not, by the module's name.
//
//   hello     the boot image's hello, copied into a dataspace of its own: an honest server
//   short     a dataspace filled halfway          garbage  a complete dataspace of no Wasm
//   forged    its own session capability, no dataspace
//   stale     a dataspace it freed before handing it out
//   greedy    a dataspace larger than its RAM quota
//   overrun   writes past the end of its dataspace
//   theft     tries to write and free core's dataspace of hello, then hands that out
//   die       traps while asked
// What each step answered is logged as `NAME: what result`.
import { Err } from "../../../../../kernel/abi.ts";
import { RomDataspaceOp } from "../../../../../components/pd_session/protocol.ts";
import { RomOp, RomSessionQuota } from "../../../../../components/rom_session/protocol.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { PdConnection, ownQuota, pdAllocRom, romDataspaceWrite } from "../../../../../components/lib/pd.ts";
import { RomConnection, romDataspace } from "../../../../../components/lib/rom.ts";
import { Root, SessionRequest, announce } from "../../../../../components/lib/root.ts";
import { RpcObject, call, clientCap } from "../../../../../components/lib/rpc.ts";
import { labelLast } from "../../../../../components/lib/strings.ts";

const pd = new PdConnection();

function used(): u64 {
  const q = ownQuota(pd.cap);
  return q == null ? 0 : q.ramUsed;
}

function imageBytes(name: string): Uint8Array {
  const rom = new RomConnection(name);
  const b = rom.bytes();
  rom.close();
  return b;
}

/** A dataspace of `size` bytes holding the first `fill` of `bytes`; an Err logged when it cannot be had. */
function made(name: string, size: u32, bytes: Uint8Array, fill: u32): i32 {
  const ds = pdAllocRom(pd.cap, name, size);
  if (ds < 0) {
    log(name + ": alloc " + ds.toString());
    return ds;
  }
  const w = romDataspaceWrite(ds, 0, bytes.subarray(0, <i32>fill));
  if (w < 0) log(name + ": write " + w.toString());
  return ds;
}

class Liar extends RpcObject {
  constructor(readonly name: string) { super(); }

  dispatch(op: i32): i32 {
    if (op != RomOp.Dataspace) return Err.BadOpcode;
    const n = this.name;
    let ds: i32 = 0;
    if (n == "hello") {
      const b = imageBytes("hello");
      const before = used();
      ds = made(n, <u32>b.length, b, <u32>b.length);
      log(n + ": charged " + (used() - before).toString() + " of " + b.length.toString());
    } else if (n == "short") {
      const b = imageBytes("hello");
      ds = made(n, <u32>b.length, b, <u32>b.length / 2);
    } else if (n == "garbage") {
      const b = new Uint8Array(64);
      b.fill(0xab);
      ds = made(n, 64, b, 64);
    } else if (n == "forged") {
      ds = clientCap(this);
    } else if (n == "stale") {
      const b = imageBytes("hello");
      const before = used();
      ds = made(n, <u32>b.length, b, <u32>b.length);
      msg.begin(RomDataspaceOp.Free);
      log(n + ": free " + call(ds).toString() + ", given back " + (used() == before ? "all" : "not all"));
    } else if (n == "greedy") {
      ds = made(n, 60 * 1024 * 1024, new Uint8Array(0), 0);
    } else if (n == "overrun") {
      const b = new Uint8Array(200);
      ds = made(n, 100, b, 200);
    } else if (n == "theft") {
      const rom = new RomConnection("hello");
      ds = romDataspace(rom.cap);
      log(n + ": write " + romDataspaceWrite(ds, 0, new Uint8Array(8)).toString());
      msg.begin(RomDataspaceOp.Free);
      log(n + ": free " + call(ds).toString());
    } else if (n == "die") {
      unreachable();
    }
    if (ds < 0) return ds;
    msg.begin();
    msg.putCap(ds);
    return Err.Ok;
  }
}

class LiarRoot extends Root {
  sessionRam(): u32 { return RomSessionQuota.Ram; }
  create(request: SessionRequest): RpcObject | null { return new Liar(labelLast(request.label)); }
}

announce("ROM", new LiarRoot());
