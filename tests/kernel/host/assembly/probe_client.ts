// Test client of Probe: echo, a refused call back, a refused self call, then `last`, which kills the server.
import { log } from "../../../../components/lib/log.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import * as msg from "../../../../components/lib/message.ts";
import { RpcObject, call, clientCap, manage } from "../../../../components/lib/rpc.ts";
import { sys_call } from "../../../../components/lib/syscalls.ts";
import { ProbeOp } from "./probe_service.ts";

class Target extends RpcObject {
  dispatch(op: i32): i32 { return 42; }
}

export function probe(last: i32): void {
  const probe = new Connection("Probe", "", 4096, SESSION_CAPS);
  log("session " + (probe.ok ? "ok" : probe.cap.toString()));

  // Echo of 64 bytes: the reply carries them back.
  const data = new Uint8Array(64);
  for (let i = 0; i < 64; i++) data[i] = <u8>i;
  msg.begin(ProbeOp.Echo);
  msg.putBytes(data);
  let r = call(probe.cap);
  const back = msg.getBytes();
  let same = back.length == 64;
  for (let i = 0; i < back.length; i++) if (back[i] != <u8>i) same = false;
  log("echo " + r.toString() + " " + (same ? "same" : "different"));

  // A call back into us while we wait for the reply: refused, not a deadlock.
  const target = new Target();
  manage(target);
  msg.begin(ProbeOp.CallBack);
  msg.putCap(clientCap(target));
  r = call(probe.cap);
  log("callback " + r.toString() + " " + msg.getI32().toString());

  // Calling ourselves directly: refused too.
  msg.begin(1);
  log("self " + call(target.cap).toString());

  // Now the server dies in the middle of our call: we get an error, not a hang.
  msg.begin(last);
  log("last " + sys_call(probe.cap).toString());

  // And the session is gone afterwards.
  msg.begin(ProbeOp.Echo);
  msg.putBytes(data);
  log("after " + sys_call(probe.cap).toString());
}
