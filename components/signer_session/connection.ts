// The Signer session's client side: a connection to core's signing device, the statement staged and the envelope read in chunks.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SERVICE } from "./signer_session.ts";
import { SignerLimit, SignerOp, SignerSessionQuota } from "./protocol.ts";

/** What SignerOp.Status tells. */
export class SignerStatus {
  constructor(
    /** SignerState. */
    readonly state: u32,
    /** Why the statement was refused; "" unless Refused. */
    readonly reason: string,
  ) {}
}

export class SignerConnection extends Connection {
  /** The Err of the last call that answered data (key id, status, read), or Err.Ok. */
  error: i32 = Err.Ok;

  constructor(label: string = "") {
    super(SERVICE, label, SignerSessionQuota.Ram, SignerSessionQuota.Caps);
  }

  /** The signing key's id (hex); "" with `error` set when not answered. */
  keyId(): string {
    msg.begin(SignerOp.KeyId);
    const r = call(this.cap);
    this.error = r < 0 ? r : Err.Ok;
    if (r < 0) return "";
    const s = msg.getString();
    if (msg.malformed()) { this.error = Err.BadMsg; return ""; }
    return s;
  }

  /** Stages `statement` piece by piece: Err.Ok or the first piece's Err. */
  put(statement: Uint8Array): i32 {
    const size = <u32>statement.length;
    let done: u32 = 0;
    do {
      const n = min(<u32>SignerLimit.Chunk, size - done);
      msg.begin(SignerOp.Put);
      msg.putU32(done);
      msg.putRaw(statement.dataStart + done, n);
      const r = call(this.cap);
      if (r < 0) return r;
      done += n;
    } while (done < size);
    return Err.Ok;
  }

  /** Asks for the staged statement to be signed; `sigh` (a signal capability) is submitted at the end. Err.Ok once started; Err.Invalid: refused (status() says why). */
  sign(sigh: i32): i32 {
    msg.begin(SignerOp.Sign);
    msg.putCap(sigh);
    return call(this.cap);
  }

  /** Where the signing is; null with `error` set when not answered. */
  status(): SignerStatus | null {
    msg.begin(SignerOp.Status);
    const r = call(this.cap);
    this.error = r < 0 ? r : Err.Ok;
    if (r < 0) return null;
    const state = msg.getU32();
    const reason = msg.getString();
    if (msg.malformed()) { this.error = Err.BadMsg; return null; }
    return new SignerStatus(state, reason);
  }

  /** The whole envelope once Done; empty with `error` set when it cannot be read. */
  read(): Uint8Array {
    this.error = Err.Ok;
    let out = new Uint8Array(0);
    let done: u32 = 0;
    for (;;) {
      msg.begin(SignerOp.Read);
      msg.putU32(done);
      msg.putU32(<u32>SignerLimit.Chunk);
      const total = call(this.cap);
      if (total < 0) { this.error = total; return new Uint8Array(0); }
      const piece = msg.getBytes();
      if (msg.malformed() || <u32>piece.length > <u32>total - done) { this.error = Err.BadMsg; return new Uint8Array(0); }
      if (out.length != total) {
        if (done != 0) { this.error = Err.Invalid; return new Uint8Array(0); }
        out = new Uint8Array(total);
      }
      out.set(piece, done);
      done += <u32>piece.length;
      if (done >= <u32>total || piece.length == 0) break;
    }
    return done == <u32>out.length ? out : out.slice(0, <i32>done);
  }
}
