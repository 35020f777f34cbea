// The Signer session's client side: a connection to core's signing device, the statement staged and the envelope read in chunks.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SERVICE } from "./signer_session.ts";
import { SignerLimit, SignerOp, SignerSessionQuota } from "./protocol.ts";
import { readChunked, writeChunked } from "../lib/chunked.ts";

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
    return writeChunked(this.cap, SignerOp.Put, null, statement, <u32>SignerLimit.Chunk);
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
    const r = readChunked(this.cap, SignerOp.Read, new Array<u32>(), <u32>SignerLimit.Chunk);
    this.error = r.error;
    return r.bytes;
  }
}
