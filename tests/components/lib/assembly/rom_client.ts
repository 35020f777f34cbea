// Test component: sends a ROM server (its ROM session "module") malformed and bad requests, logs each answer by its Err name, then reads the module.
import { RomOp } from "../../../../components/rom_session/protocol.ts";
import { exit } from "../../../../components/lib/component.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { sys_signal_create } from "../../../../components/lib/syscalls.ts";
import { errName } from "../../fs/assembly/names.ts";

const rom = new RomConnection("module");
if (!rom.ok) {
  log("no ROM session: " + errName(rom.cap));
  exit(1);
}
const cap = rom.cap;
const out = new Array<string>();
// A read without its offset and length, a read past the end, a signal without a capability or with two, an unknown opcode.
msg.begin(RomOp.Read);
out.push("read-empty=" + errName(call(cap)));
msg.begin(RomOp.Read);
msg.putU32(0x7fff_0000);
msg.putU32(16);
out.push("read-past=" + errName(call(cap)));
msg.begin(RomOp.Sigh);
out.push("sigh-nocap=" + errName(call(cap)));
msg.begin(RomOp.Sigh);
msg.putCap(sys_signal_create(900));
msg.putCap(sys_signal_create(901));
out.push("sigh-twocaps=" + errName(call(cap)));
msg.begin(77);
out.push("opcode=" + errName(call(cap)));
// Then the module as it is.
const text = rom.text();
out.push("read=" + (rom.error < 0 ? errName(rom.error) : "'" + text + "'"));
log(out.join(" "));
exit(0);
