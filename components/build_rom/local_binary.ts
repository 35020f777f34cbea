// A ROM session of build_rom for a module the File_system holds (/NAME.wasm or /NAME): fs_rom's file ROM that also yields its binary.
//
// The file is read afresh at each request (FileRom), so `restart NAME` after a new binary starts
// the new one. Its ROM dataspace (RomOp.Dataspace) is made through build_rom's PD session, charged
// to build_rom's RAM quota, and kept while the session lasts, or until the file changes.
import { Err } from "../../kernel/abi.ts";
import { RomOp } from "../rom_session/protocol.ts";
import { LogConnection } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { pdAllocRom, romDataspaceFree, romDataspaceWrite, romDataspaceWriteProvenance } from "../lib/pd.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { FileRom, sameBytes } from "../fs_rom/file_rom.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

export class LocalBinary extends FileRom {
  /** The dataspace made of `dsBytes`; 0 before the first ask. */
  private ds: i32 = 0;
  private dsBytes: Uint8Array = new Uint8Array(0);

  constructor(fs: FsConnection, path: string, logger: LogConnection, readonly name: string, private pd: i32) {
    super(fs, path, logger);
  }

  dispatch(op: i32): i32 {
    if (op != RomOp.Dataspace) return super.dispatch(op);
    const bytes = this.current();
    if (bytes.length == 0) return Err.NotFound;
    if (this.ds <= 0 || !sameBytes(this.dsBytes, bytes)) {
      this.free();
      // Its signed provenance goes along, for core to check before it runs (none: core refuses it, saying so).
      const found = this.fs.readFile(this.path + ".intoto.jsonl");
      const envelope = found != null ? found : new Uint8Array(0);
      const ds = pdAllocRom(this.pd, this.name, <u32>bytes.length, <u32>envelope.length);
      if (ds < 0) {
        this.logger.write(this.path + ": no ROM dataspace of " + bytes.length.toString() + " bytes (error " + ds.toString() + ")");
        return ds;
      }
      let e = romDataspaceWrite(ds, 0, bytes);
      if (e >= 0 && envelope.length > 0) e = romDataspaceWriteProvenance(ds, envelope);
      if (e < 0) {
        romDataspaceFree(ds);
        return e;
      }
      this.ds = ds;
      this.dsBytes = bytes;
    }
    msg.begin();
    msg.putCap(this.ds);
    return Err.Ok;
  }

  /** For a live swap: the client's signal, the module as last read, the file watch and the dataspace (its record in core follows build_rom). */
  saveState(w: StateWriter): void {
    w.string(this.name);
    w.string(this.path);
    super.saveState(w);
    this.module.saveState(w);
    const h = this.handler;
    const watching = h != null && h.cap > 0;
    w.bool(watching);
    if (watching) {
      w.handler(h!);
      w.i32(this.watchId);
    }
    w.i32(this.ds);
    w.bytes(this.dsBytes);
    w.served(this);
  }

  /** A session as saveState wrote it, served again under its badge (its constructor's syscalls failed: nothing was made twice). */
  static restore(r: StateReader, fs: FsConnection, logger: LogConnection, pd: i32): LocalBinary {
    const name = r.string();
    const s = new LocalBinary(fs, r.string(), logger, name, pd);
    s.loadState(r);
    s.module.loadState(r);
    if (r.bool()) {
      r.handler(s.handler!);
      s.watchId = r.i32();
    }
    s.ds = r.i32();
    s.dsBytes = r.bytes();
    r.served(s);
    return s;
  }

  private free(): void {
    if (this.ds > 0) romDataspaceFree(this.ds);
    this.ds = 0;
    this.dsBytes = new Uint8Array(0);
  }

  /** The session closes: its dataspace's RAM goes back to build_rom. */
  closed(): void {
    this.free();
    super.closed();
  }
}
