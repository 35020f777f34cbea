// A ROM session of build_rom for a module the File_system does not hold: the parent's ROM of that name (core's boot image), passed through.
//
// The parent's session is opened at the first call, not when the session is made: build_rom's
// parent is calling build_rom then and could not be asked.
import { Err } from "../../kernel/abi.ts";
import { RomOp } from "../rom_session/protocol.ts";
import * as msg from "../lib/message.ts";
import { RomConnection, romDataspace } from "../lib/rom.ts";
import { call, RpcObject } from "../lib/rpc.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

export class ImageBinary extends RpcObject {
  private rom: RomConnection | null = null;
  /** The parent's dataspace of the module, kept while it may still go out in a reply. */
  private ds: i32 = 0;

  constructor(readonly name: string) { super(); }

  private parentRom(): RomConnection {
    let r = this.rom;
    if (r == null) this.rom = r = new RomConnection(this.name);
    return r;
  }

  dispatch(op: i32): i32 {
    // Read the request before the parent's session is opened: that call reuses the IPC buffer.
    let offset: u32 = 0, length: u32 = 0, sigh: i32 = 0;
    if (op == RomOp.Read) {
      offset = msg.getU32();
      length = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
    } else if (op == RomOp.Sigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      sigh = msg.getCap(0);
    } else if (op != RomOp.Info && op != RomOp.Dataspace) {
      return Err.BadOpcode;
    }
    const rom = this.parentRom();
    if (!rom.ok) {
      if (sigh > 0) sys_drop(sigh);
      return rom.cap < 0 ? rom.cap : Err.NotFound;
    }
    if (op == RomOp.Dataspace) {
      const ds = romDataspace(rom.cap);
      if (ds < 0) return ds;
      if (this.ds > 0) sys_drop(this.ds);
      this.ds = ds;
      msg.begin();
      msg.putCap(ds);
      return Err.Ok;
    }
    if (op == RomOp.Info) {
      const size = rom.size();
      if (rom.error < 0) return rom.error;
      msg.begin();
      msg.putU32(size);
      msg.putU32(rom.version);
      return Err.Ok;
    }
    if (op == RomOp.Sigh) {
      const r = rom.sigh(sigh);
      sys_drop(sigh);
      if (r < 0) return r;
      msg.begin();
      return Err.Ok;
    }
    msg.begin(RomOp.Read);
    msg.putU32(offset);
    msg.putU32(length);
    const r = call(rom.cap);
    if (r < 0) return r;
    const chunk = msg.getBytes();
    if (msg.malformed()) return Err.BadMsg;
    msg.begin();
    msg.putBytes(chunk);
    return Err.Ok;
  }

  /** For a live swap: the parent's ROM session if opened, the dataspace kept, and the session itself. */
  saveState(w: StateWriter): void {
    w.string(this.name);
    const rom = this.rom;
    w.bool(rom != null);
    if (rom != null) {
      w.connection(rom);
      w.i32(rom.error);
      w.u32(rom.version);
    }
    w.i32(this.ds);
    w.served(this);
  }

  /** A session as saveState wrote it, served again under its badge. */
  static restore(r: StateReader): ImageBinary {
    const s = new ImageBinary(r.string());
    if (r.bool()) {
      // Its constructor's session request fails while taking over: the session held arrives from the snapshot.
      const rom = new RomConnection(s.name);
      r.connection(rom);
      rom.error = r.i32();
      rom.version = r.u32();
      s.rom = rom;
    }
    s.ds = r.i32();
    r.served(s);
    return s;
  }

  closed(): void {
    if (this.ds > 0) sys_drop(this.ds);
    this.ds = 0;
    const r = this.rom;
    if (r != null) r.close();
    this.rom = null;
  }
}
