// Test server for live swaps: a Hello server without state hooks, which announces its service at once (a swap must seal it).
import { Err } from "../../../../kernel/abi.ts";
import { log } from "../../../../components/lib/log.ts";
import { Root, SessionRequest, announce } from "../../../../components/lib/root.ts";
import { RpcObject } from "../../../../components/lib/rpc.ts";

class Nothing extends RpcObject {
  dispatch(op: i32): i32 { return Err.Denied; }
}

class Grabber extends Root {
  create(request: SessionRequest): RpcObject | null { return new Nothing(); }
}

log("announce: " + announce("Hello", new Grabber()).toString());
