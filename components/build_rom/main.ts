// build_rom: the runtime's ROM server: a module NAME is /NAME.wasm (or /NAME) of its File_system session if there, else its parent's ROM of that name.
//
// So what is built under /build (system/default.xml gives build_rom that directory, read-only)
// runs ahead of the boot image's binary of the same name, without a reboot; anything not built
// there (a config, an image module) comes from the boot image as before. Sessions are fs_rom's
// file ROMs (local_binary.ts) or the parent's ROM passed through (image_binary.ts); either hands
// out its binary as a ROM dataspace for PD Create.
//
// A live swap carries the LOG, PD and File_system sessions, the root and every session with what
// it holds (the client's signal, the file watch, the dataspace it made: core's record of it follows
// build_rom), so a client reads on through the ROM it opened before.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { LogConnection, errorLine } from "../lib/log.ts";
import { PdConnection } from "../lib/pd.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { labelLast } from "../lib/strings.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { modulePath } from "../fs_rom/file_rom.ts";
import { ImageBinary } from "./image_binary.ts";
import { LocalBinary } from "./local_binary.ts";

// Opened at start: ROM sessions are created while init calls us, and init cannot be asked then.
const logger = new LogConnection();
// Its dataspaces are charged to build_rom's own RAM quota through it.
const pd = new PdConnection();

class BuildRomRoot extends Root {
  /** As fs_rom's: the endpoint, the client's capability, its change signal, and the file watch's signal and donation. */
  sessionRam(): u32 { return RomSessionQuota.Ram; }
  sessionCaps(): u32 { return SESSION_CAPS + 3; }

  /** The sessions made, for a live swap. */
  readonly sessions: Array<RpcObject> = new Array<RpcObject>();

  constructor(readonly fs: FsConnection) { super(); }

  /** The file of module `name`, "" when the File_system holds none; null when it refuses the name as a path. */
  private fileOf(name: string): string | null {
    const path = modulePath(name);
    const candidates = [path + ".wasm", path];
    for (let i = 0; i < candidates.length; i++) {
      const s = this.fs.stat(candidates[i]);
      if (s != null && s.kind == FsKind.File) return candidates[i];
      if (s == null && this.fs.error != Err.NotFound) return null;
    }
    return "";
  }

  create(request: SessionRequest): RpcObject | null {
    const name = labelLast(request.label);
    const file = this.fileOf(name);
    if (file == null) {
      logger.write(errorLine("ROM module lookup of '" + request.label + "' failed (error " + this.fs.error.toString() + ")"));
      return null;
    }
    const s: RpcObject = file.length > 0 ? new LocalBinary(this.fs, file, logger, name, pd.cap) : new ImageBinary(name);
    this.sessions.push(s);
    return s;
  }

  destroy(session: RpcObject): void {
    const i = this.sessions.indexOf(session);
    if (i >= 0) this.sessions.splice(i, 1);
    if (session instanceof LocalBinary) (<LocalBinary>session).closed();
    else if (session instanceof ImageBinary) (<ImageBinary>session).closed();
  }

  /** For a live swap: the root and the sessions served (one whose endpoint was never made is not carried). */
  saveState(w: StateWriter): void {
    w.served(this);
    let served: u32 = 0;
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) served++;
    w.u32(served);
    for (let i = 0; i < this.sessions.length; i++) {
      const s = this.sessions[i];
      if (s.cap <= 0) continue;
      const local = s instanceof LocalBinary;
      w.bool(local);
      if (local) (<LocalBinary>s).saveState(w);
      else (<ImageBinary>s).saveState(w);
    }
  }

  loadState(r: StateReader): void {
    r.served(this);
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      if (r.bool()) this.sessions.push(LocalBinary.restore(r, this.fs, logger, pd.cap));
      else this.sessions.push(ImageBinary.restore(r));
    }
  }
}

/** The root once announced; null before (or when there was nothing to serve). */
let root: BuildRomRoot | null = null;

class Fs extends FsConnection {
  constructor() { super("/", "/", false); }

  /** The File_system session is there (or denied): only then is there anything to serve. */
  ready(): void {
    if (!this.ok) {
      logger.write(errorLine("no File_system session (error " + this.cap.toString() + ")"));
      return;
    }
    if (!pd.ok) {
      logger.write(errorLine("no PD session (error " + pd.cap.toString() + ")"));
      return;
    }
    const r = new BuildRomRoot(this);
    const e = announce("ROM", r);
    if (e >= 0) root = r;
    if (e < 0) logger.write(errorLine("cannot announce the ROM service (error " + e.toString() + ")"));
  }
}

const fs = new Fs();

function save(w: StateWriter): void {
  w.connection(logger);
  w.connection(pd);
  w.connection(fs);
  const r = root;
  w.bool(r != null);
  if (r != null) r.saveState(w);
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(logger);
  r.connection(pd);
  r.connection(fs);
  if (r.bool()) {
    const served = new BuildRomRoot(fs);
    root = served;
    served.loadState(r);
  }
  return true;
}

// Taking over: everything arrives through load; the File_system session is not waited for again.
if (!liveState(1, save, load)) fs.whenReady();
