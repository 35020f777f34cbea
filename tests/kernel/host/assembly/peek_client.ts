// Test client of Probe: requests whose length is not a whole word, with marker bytes past it, short and long.
import { Msg } from "../../../../kernel/abi.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import { log } from "../../../../components/lib/log.ts";
import { ipcBuffer } from "../../../../components/lib/message.ts";
import { sys_call } from "../../../../components/lib/syscalls.ts";
import { ProbeOp } from "./probe_service.ts";

const probe = new Connection("Probe", "", 4096, SESSION_CAPS);
const payload = ipcBuffer + Msg.Payload;

/** Sends `n` bytes with 0xAA after them (the header written by hand: the SDK sends whole words). */
function peek(n: u32): void {
  memory.fill(payload, 0xaa, 256);
  store<i32>(ipcBuffer + Msg.Opcode, ProbeOp.Peek);
  store<u32>(ipcBuffer + Msg.Caps, 0);
  store<u32>(ipcBuffer + Msg.Length, n);
  const e = sys_call(probe.cap);
  const rlen = load<u32>(ipcBuffer + Msg.Length);
  let back: u32 = 0;
  for (let i: u32 = rlen; i < 256; i++) if (load<u8>(payload + i) == 0xbb) back++;
  log(`peek ${n}: ${e} server saw ${load<u32>(payload)} extra; reply of ${rlen} with ${back} extra`);
}

peek(5);
peek(70);
