// A ROM session of fs_rom: one file of the File_system session, re-read whenever the client asks, watched for changes.
//
// As Genode's fs_rom: the content is read afresh at each request for it (RomOp.Info, which starts
// every read); a missing file reads as empty and is no error. The session watches the file's
// path (the File_system watch fires on creation too, so a missing file needs no directory watch)
// and signals the client when the file changed and is not empty; a removed or emptied file is
// not signalled, as in Genode: the client sees it empty at its next read.
import { Err } from "../../kernel/abi.ts";
import { RomOp } from "../rom_session/protocol.ts";
import { LogConnection } from "../lib/log.ts";
import { RomModule, RomSession } from "../lib/rom_server.ts";
import { SignalHandler, register, submitCap, unregister } from "../lib/signal.ts";
import { sys_drop } from "../lib/syscalls.ts";
import { FsConnection } from "../fs_session/connection.ts";

class FileChanged extends SignalHandler {
  constructor(readonly rom: FileRom) { super(); }
  handle(count: u32): void { this.rom.changed(); }
}

/** The file a ROM module name stands for: `init.config` is `/init.config`, `/dir/file` itself. */
export function modulePath(name: string): string {
  return name.startsWith("/") ? name : "/" + name;
}

/** Whether two contents are the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}

export class FileRom extends RomSession {
  protected handler: FileChanged | null = null;
  protected watchId: i32 = 0;

  constructor(readonly fs: FsConnection, readonly path: string, readonly logger: LogConnection) {
    super(new RomModule(path));
    const h = new FileChanged(this);
    this.handler = h;
    if (register(h) > 0) {
      const signal = submitCap(h);
      this.watchId = fs.watch(path, signal);
      // Each watch keeps a signal at the server, paid from the session's donation: one more capability of ours.
      if (this.watchId == Err.Quota && fs.upgrade(0, 1) == Err.Ok) this.watchId = fs.watch(path, signal);
      // The server holds its own copy now.
      if (signal > 0) sys_drop(signal);
    }
  }

  dispatch(op: i32): i32 {
    // Info has no payload: the File_system calls may use the IPC buffer before the reply is begun.
    if (op == RomOp.Info) this.refresh(this.current());
    return super.dispatch(op);
  }

  /** The file's content now: empty when it is missing or cannot be read. */
  current(): Uint8Array {
    const bytes = this.fs.readFile(this.path);
    if (bytes != null) return bytes;
    if (this.fs.error == Err.NotFound) this.logger.write(this.path + " ROM file is missing");
    else this.logger.write("\x1b[31mError: " + this.path + ": cannot read (error " + this.fs.error.toString() + ")\x1b[0m");
    return new Uint8Array(0);
  }

  /** Takes `bytes` as the content without telling the client; a new version when they differ. */
  private refresh(bytes: Uint8Array): void {
    const m = this.module;
    if (sameBytes(m.content, bytes)) return;
    m.content = bytes;
    m.version++;
  }

  /** The watch fired: the client is told when the file holds something new. */
  changed(): void {
    const bytes = this.current();
    if (bytes.length > 0 && !sameBytes(this.module.content, bytes)) this.module.update(bytes);
    else this.refresh(bytes);
  }

  /** The session closes: its watch and signals go. */
  closed(): void {
    super.closed();
    if (this.watchId > 0) this.fs.unwatch(this.watchId);
    this.watchId = 0;
    const h = this.handler;
    if (h != null) unregister(h);
  }
}
