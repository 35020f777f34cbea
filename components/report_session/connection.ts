// The Report session's client side: a connection that submits reports of up to its buffer size.
import { Err } from "../../kernel/abi.ts";
import { ReportOp } from "./protocol.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { CHUNK, SERVICE, SESSION_CAPS, SESSION_RAM, sessionArgs } from "./report_session.ts";

export class ReportConnection extends Connection {
  /** The latest report submitted while the session was pending: it goes out once the session is there. */
  private held: Uint8Array | null = null;

  /**
   * A Report session labelled `label` (the module is named after the label report_rom sees) with a
   * buffer of `bufferSize` bytes. The donation covers the buffer unless `ramQuota` says otherwise.
   */
  constructor(label: string, readonly bufferSize: u32, ramQuota: u32 = 0) {
    super(SERVICE, label, ramQuota != 0 ? ramQuota : sat(bufferSize, SESSION_RAM), SESSION_CAPS, sessionArgs(bufferSize));
  }

  /** Publishes `text` as the module's content. Err.Invalid when it exceeds the buffer. */
  submit(text: string): i32 {
    return this.submitBytes(Uint8Array.wrap(String.UTF8.encode(text)));
  }

  /**
   * Publishes `bytes`: written into the buffer a chunk per call, then submitted. While the session
   * is pending it is held (only the latest, as a newer report supersedes it) and Err.Pending returned.
   */
  submitBytes(bytes: Uint8Array): i32 {
    const size = <u32>bytes.length;
    if (size > this.bufferSize) return Err.Invalid;
    if (this.pending) {
      this.held = bytes;
      return Err.Pending;
    }
    if (!this.ok) return this.cap;
    let offset: u32 = 0;
    while (offset < size) {
      const n = min(CHUNK, size - offset);
      msg.begin(ReportOp.Write);
      msg.putU32(offset);
      msg.putRaw(bytes.dataStart + offset, n);
      const r = call(this.cap);
      if (r < 0) return r;
      offset += n;
    }
    msg.begin(ReportOp.Submit);
    msg.putU32(size);
    return call(this.cap);
  }

  /** Sends the report held while pending. A subclass that overrides ready() calls super.ready(). */
  ready(): void {
    const held = this.held;
    this.held = null;
    if (held != null && this.ok) this.submitBytes(held);
  }
}

/** a + b, saturated: a donation no client holds is then refused by its parent instead of wrapping to a small one. */
function sat(a: u32, b: u32): u32 {
  return a > U32.MAX_VALUE - b ? U32.MAX_VALUE : a + b;
}
