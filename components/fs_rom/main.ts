// fs_rom: serves ROM sessions whose content is a file of its File_system session, named by the label's last element.
//
// As Genode's fs_rom: `init.config` (or `/dir/file`) is the file of that path from the root of the
// File_system session fs_rom opens at start; the ROM service is announced once that session is
// there. Clients are signalled when their file changes (file_rom.ts).
import { Err } from "../../kernel/abi.ts";
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { LogConnection, errorLine } from "../lib/log.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { labelLast } from "../lib/strings.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { FileRom, modulePath } from "./file_rom.ts";

// Opened at start: ROM sessions are created while init calls us, and init cannot be asked then.
const logger = new LogConnection();

class FsRomRoot extends Root {
  /**
   * What one session costs (a request donating less gets Err.Quota): its endpoint, the client's
   * capability to it, the client's change signal, the signal fs_rom hears the file's changes by,
   * and the capability it donates to its File_system server for that watch.
   */
  sessionRam(): u32 { return RomSessionQuota.Ram; }
  sessionCaps(): u32 { return SESSION_CAPS + 3; }

  constructor(readonly fs: FsConnection) { super(); }

  create(request: SessionRequest): RpcObject | null {
    const name = labelLast(request.label);
    const path = modulePath(name);
    // A name the File_system refuses as a path (`..`, empty elements) gets no session.
    if (this.fs.stat(path) == null && this.fs.error != Err.NotFound) {
      logger.write(errorLine("ROM module lookup of '" + request.label + "' failed (error " + this.fs.error.toString() + ")"));
      return null;
    }
    return new FileRom(this.fs, path, logger);
  }

  destroy(session: RpcObject): void {
    if (session instanceof FileRom) (<FileRom>session).closed();
  }
}

class Fs extends FsConnection {
  /** The File_system session is there (or denied): only then is there anything to serve. */
  ready(): void {
    if (!this.ok) {
      logger.write(errorLine("no File_system session (error " + this.cap.toString() + ")"));
      return;
    }
    const e = announce("ROM", new FsRomRoot(this));
    if (e < 0) logger.write(errorLine("cannot announce the ROM service (error " + e.toString() + ")"));
  }
}

new Fs().whenReady();
