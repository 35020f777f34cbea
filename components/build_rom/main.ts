// build_rom: the runtime's ROM server: a module NAME is /NAME.wasm (or /NAME) of its File_system session if there, else its parent's ROM of that name.
//
// So what is built under /build (system/default.xml gives build_rom that directory, read-only)
// runs ahead of the boot image's binary of the same name, without a reboot; anything not built
// there (a config, an image module) comes from the boot image as before. Sessions are fs_rom's
// file ROMs (local_binary.ts) or the parent's ROM passed through (image_binary.ts); either hands
// out its binary as a ROM dataspace for PD Create.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { LogConnection, errorLine } from "../lib/log.ts";
import { PdConnection } from "../lib/pd.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
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
    if (file.length > 0) return new LocalBinary(this.fs, file, logger, name, pd.cap);
    return new ImageBinary(name);
  }

  destroy(session: RpcObject): void {
    if (session instanceof LocalBinary) (<LocalBinary>session).closed();
    else if (session instanceof ImageBinary) (<ImageBinary>session).closed();
  }
}

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
    const e = announce("ROM", new BuildRomRoot(this));
    if (e < 0) logger.write(errorLine("cannot announce the ROM service (error " + e.toString() + ")"));
  }
}

new Fs().whenReady();
