// Test harness (AssemblyScript) over the SDK's marshalling in the IPC buffer.
import * as msg from "../../../components/lib/message.ts";
import { Msg } from "../../../kernel/abi.ts";

export function ipcAddress(): usize { return msg.ipcBuffer; }

/** Writes a request of every kind of field; the test decodes it with the host's reader. */
export function writeSample(text: string, n: u32, big: u64, cap: i32): void {
  msg.begin(7);
  msg.putString(text);
  msg.putU32(n);
  msg.putU64(big);
  const b = new Uint8Array(5);
  for (let i = 0; i < 5; i++) b[i] = <u8>(i + 1);
  msg.putBytes(b);
  msg.putI32(-2);
  msg.putCap(cap);
  msg.seal();
}

/** Reads back what writeSample wrote (or what the host wrote in the same layout). */
export function readSample(): string {
  msg.read();
  const parts = new Array<string>();
  parts.push(msg.opcode().toString());
  parts.push(msg.getString());
  parts.push(msg.getU32().toString());
  parts.push(msg.getU64().toString());
  const b = msg.getBytes();
  parts.push(b.length.toString() + ":" + b[0].toString() + "," + b[4].toString());
  parts.push(msg.getI32().toString());
  parts.push(msg.capCount().toString() + ":" + msg.getCap(0).toString());
  parts.push(msg.malformed() ? "malformed" : "ok");
  return parts.join("|");
}

/** Puts strings until the buffer is full: the message never grows past MaxPayload. */
export function fill(): string {
  msg.begin(1);
  for (let i = 0; i < 100; i++) msg.putString("0123456789012345678901234567890123456789012345678901234567890123456789");
  return (msg.overflowed() ? "overflowed " : "fits ") + msg.length().toString() + " " + (<i32>Msg.MaxPayload).toString();
}

/** A message whose string claims more bytes than the payload holds: reads fail softly. */
export function lyingLength(claim: u32, payload: u32): string {
  msg.begin(1);
  msg.putU32(claim);
  store<u32>(msg.ipcBuffer + Msg.Length, payload);
  msg.read();
  const s = msg.getString();
  const n = msg.getU32();
  return (msg.malformed() ? "malformed" : "ok") + ":" + s.length.toString() + ":" + n.toString();
}
