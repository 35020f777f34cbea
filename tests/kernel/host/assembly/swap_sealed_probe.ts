// Test server for live swaps: takes hello_server's state, but first tries every syscall while it takes over; the first call it serves logs what each returned.
import { Err, Rights, Slot } from "../../../../kernel/abi.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { liveState, StateReader, StateWriter } from "../../../../components/lib/live_state.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { Root, SessionRequest } from "../../../../components/lib/root.ts";
import { RpcObject } from "../../../../components/lib/rpc.ts";
import { sys_derive, sys_drop, sys_endpoint, sys_exit, sys_signal, sys_signal_create } from "../../../../components/lib/syscalls.ts";

const tried = new Array<string>();
const session = new Connection("LOG", "probe", 4096, 1);
tried.push("call " + session.cap.toString());
tried.push("endpoint " + sys_endpoint(77).toString());
tried.push("signal_create " + sys_signal_create(78).toString());
tried.push("derive " + sys_derive(Slot.Parent, Rights.Call).toString());
tried.push("signal " + sys_signal(Slot.Parent).toString());
tried.push("drop " + sys_drop(Slot.Parent).toString());
sys_exit(3);
tried.push("exit returned");
let told = false;

class Session extends RpcObject {
  dispatch(op: i32): i32 {
    // The whole request is read before the log call takes the IPC buffer.
    const sum = op == 2 ? msg.getI32() + msg.getI32() : <i32>Err.BadOpcode;
    if (!told) {
      told = true;
      log("sealed: " + tried.join(", "));
    }
    return sum;
  }
}

class Probe extends Root {
  create(request: SessionRequest): RpcObject | null { return null; }
}

const root = new Probe();

function save(w: StateWriter): void {}

/** hello_server's version 1: its count, its root, its sessions. */
function load(r: StateReader, version: u32): bool {
  r.i32();
  r.served(root);
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    r.string();
    r.served(new Session());
  }
  return true;
}

liveState(1, save, load);
