// Test component: signals a server keeps are paid from the session's donation. A ROM session of core's
// and a File_system session, each donating only what the session itself costs, ask to keep a signal
// (a ROM change signal, an fs watch): refused; upgraded by one capability, the same request is served.
import { Err } from "../../../../kernel/abi.ts";
import { FsSessionQuota, FsOp } from "../../../../components/fs_session/protocol.ts";
import { RomOp } from "../../../../components/rom_session/protocol.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";

class Nothing extends SignalHandler {
  handle(count: u32): void {}
}
const handler = new Nothing();
register(handler);

function keepRom(rom: Connection): i32 {
  msg.begin(RomOp.Sigh);
  msg.putCap(submitCap(handler));
  return call(rom.cap);
}

function keepWatch(fs: Connection): i32 {
  msg.begin(FsOp.Watch);
  msg.putString("/");
  msg.putCap(submitCap(handler));
  return call(fs.cap);
}

function answer(r: i32): string { return r == Err.Quota ? "quota" : r >= 0 ? "ok" : "error " + r.toString(); }

// Core's ROM session: its endpoint is the one capability donated.
const rom = new Connection("ROM", "hello", 4096, 1);
const romFirst = keepRom(rom);
const romUpgrade = rom.upgrade(0, 1);
log("ROM: " + answer(romFirst) + ", upgrade " + answer(romUpgrade) + ", then " + answer(keepRom(rom)));

const fs = new Connection("File_system", "/", FsSessionQuota.Ram, FsSessionQuota.Caps);
const fsFirst = keepWatch(fs);
const fsUpgrade = fs.upgrade(0, 1);
log("File_system: " + answer(fsFirst) + ", upgrade " + answer(fsUpgrade) + ", then " + answer(keepWatch(fs)) + ", then " + answer(keepWatch(fs)));
