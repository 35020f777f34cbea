// ROM sessions: read-only modules (binaries, configs) fetched whole through the IPC buffer.
import { Err, Msg } from "../../kernel/abi.ts";
import { RomOp, RomSessionQuota } from "../rom_session/protocol.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

const CHUNK: u32 = <u32>Msg.MaxPayload - 4;

export class RomConnection extends Connection {
  /** The last error of a read, or Err.Ok. */
  error: i32 = Err.Ok;
  /** The module's version as of the last size() (or bytes()): it grows with every change. */
  version: u32 = 0;

  constructor(name: string) {
    super("ROM", name, RomSessionQuota.Ram, RomSessionQuota.Caps);
    if (!this.ok) this.error = this.cap;
  }

  /** The module's size and version, or an Err in `error`. */
  size(): u32 {
    msg.begin(RomOp.Info);
    const r = call(this.cap);
    if (r < 0) { this.error = r; return 0; }
    const size = msg.getU32();
    this.version = msg.getU32();
    return size;
  }

  /** The whole module; empty with `error` set when it cannot be read. */
  bytes(): Uint8Array {
    if (!this.ok) return new Uint8Array(0);
    // A fresh read: an error of an earlier one (or the wait for the session) no longer counts.
    this.error = Err.Ok;
    const size = this.size();
    if (this.error < 0) return new Uint8Array(0);
    const out = new Uint8Array(size);
    let offset: u32 = 0;
    while (offset < size) {
      msg.begin(RomOp.Read);
      msg.putU32(offset);
      msg.putU32(min(CHUNK, size - offset));
      const r = call(this.cap);
      if (r < 0) { this.error = r; return new Uint8Array(0); }
      const chunk = msg.getBytes();
      if (chunk.length == 0) { this.error = Err.BadMsg; return new Uint8Array(0); }
      out.set(chunk, offset);
      offset += <u32>chunk.length;
    }
    return out;
  }

  text(): string {
    const b = this.bytes();
    return String.UTF8.decode(b.buffer);
  }

  /** The module as a ROM dataspace capability for PD Create (romDataspace), or an Err. */
  dataspace(): i32 { return this.ok ? romDataspace(this.cap) : this.cap; }

  /** Asks to be signalled when the module changes. */
  sigh(signalCap: i32): i32 {
    msg.begin(RomOp.Sigh);
    msg.putCap(signalCap);
    return call(this.cap);
  }
}

/**
 * A ROM dataspace of the module of ROM session `rom` (RomOp.Dataspace): a capability the caller
 * drops when done, or an Err (Err.BadOpcode from a server that serves no binaries).
 */
export function romDataspace(rom: i32): i32 {
  msg.begin(RomOp.Dataspace);
  const r = call(rom);
  if (r < 0) return r;
  return msg.capCount() == 1 ? msg.getCap(0) : Err.BadMsg;
}
