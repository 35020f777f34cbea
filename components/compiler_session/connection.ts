// The Compiler session's client side: a connection to core's compiler device, its calls, files staged and outputs read in chunks.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SERVICE } from "./compiler_session.ts";
import { CompilerLanguage, CompilerLimit, CompilerOp, CompilerSessionQuota } from "./protocol.ts";
import { readChunked, writeChunked } from "../lib/chunked.ts";

/** What CompilerOp.Status tells. */
export class CompilerStatus {
  constructor(
    /** CompilerState. */
    readonly state: u32,
    /** Bytes of the compiler loaded so far, and its total when known (else 0). */
    readonly loaded: u32,
    readonly total: u32,
    /** Milliseconds since the compile began. */
    readonly ms: u32,
    /** The latest progress line. */
    readonly line: string,
    /** When the compile began and ended (UTC, ISO 8601; "" while there is none). */
    readonly started: string = "",
    readonly finished: string = "",
  ) {}
}

/** A compiler package, as CompilerOp.Toolchain tells it: npm name, version, sha512 of its tarball (hex). */
export class ToolPackage {
  constructor(readonly name: string, readonly version: string, readonly sha512: string) {}
}

export class CompilerConnection extends Connection {
  /** The Err of the last call that answered data (version, status, read), or Err.Ok. */
  error: i32 = Err.Ok;

  constructor(label: string = "") {
    super(SERVICE, label, CompilerSessionQuota.Ram, CompilerSessionQuota.Caps);
  }

  /** The name and version of the compiler of `language` (CompilerLanguage), e.g. `assemblyscript 0.28.20`; "" with `error` set when not answered. */
  version(language: u32 = CompilerLanguage.AssemblyScript): string {
    msg.begin(CompilerOp.Version);
    if (language != CompilerLanguage.AssemblyScript) msg.putU32(language);
    const r = call(this.cap);
    this.error = r < 0 ? r : Err.Ok;
    if (r < 0) return "";
    const s = msg.getString();
    if (msg.malformed()) { this.error = Err.BadMsg; return ""; }
    return s;
  }

  /** The compiler packages the device runs; null with `error` set when not answered. */
  toolchain(): Array<ToolPackage> | null {
    msg.begin(CompilerOp.Toolchain);
    const r = call(this.cap);
    this.error = r < 0 ? r : Err.Ok;
    if (r < 0) return null;
    const n = msg.getU32();
    const out = new Array<ToolPackage>();
    for (let i: u32 = 0; i < n && !msg.malformed(); i++) {
      const name = msg.getString(), version = msg.getString(), sha512 = msg.getString();
      out.push(new ToolPackage(name, version, sha512));
    }
    if (msg.malformed()) { this.error = Err.BadMsg; return null; }
    return out;
  }

  /** Drops the staged files and the last result. */
  reset(): i32 {
    msg.begin(CompilerOp.Reset);
    return call(this.cap);
  }

  /** Stages `bytes` as the file at `path` (relative, `/`-separated), piece by piece: Err.Ok or the first piece's Err. */
  putFile(path: string, bytes: Uint8Array): i32 {
    return writeChunked(this.cap, CompilerOp.PutFile, path, bytes, <u32>CompilerLimit.Chunk);
  }

  /**
   * Starts compiling `entries` (staged paths) with asc `flags`; `sigh` (a signal capability) is
   * submitted at each progress line and at the end. Err.Ok once started: the compile runs in the background.
   */
  compile(entries: string[], flags: string[], sigh: i32): i32 {
    msg.begin(CompilerOp.Compile);
    msg.putU32(<u32>entries.length);
    for (let i = 0; i < entries.length; i++) msg.putString(entries[i]);
    msg.putU32(<u32>flags.length);
    for (let i = 0; i < flags.length; i++) msg.putString(flags[i]);
    msg.putCap(sigh);
    // A request that does not fit one message would go out cut short: say so rather than send it.
    if (msg.overflowed()) return Err.Invalid;
    return call(this.cap);
  }

  /** Where the compile is; null with `error` set when not answered. */
  status(): CompilerStatus | null {
    msg.begin(CompilerOp.Status);
    const r = call(this.cap);
    this.error = r < 0 ? r : Err.Ok;
    if (r < 0) return null;
    const state = msg.getU32(), loaded = msg.getU32(), total = msg.getU32(), ms = msg.getU32();
    const line = msg.getString();
    const started = msg.getString(), finished = msg.getString();
    if (msg.malformed()) { this.error = Err.BadMsg; return null; }
    return new CompilerStatus(state, loaded, total, ms, line, started, finished);
  }

  /** The whole of an output of the last compile (CompilerOutput); empty with `error` set when it cannot be read. */
  read(which: u32): Uint8Array {
    const r = readChunked(this.cap, CompilerOp.Read, [which], <u32>CompilerLimit.Chunk);
    this.error = r.error;
    return r.bytes;
  }

  /** An output of the last compile as text (diagnostics, inputs). */
  readText(which: u32): string {
    const bytes = this.read(which);
    return String.UTF8.decode(bytes.buffer);
  }
}
