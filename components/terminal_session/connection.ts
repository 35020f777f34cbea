// The Terminal session's client side: a connection with the session's calls and text helpers.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as terminal from "./client.ts";
import { READ_MAX, SERVICE, SESSION_CAPS, SESSION_RAM, TerminalSize } from "./terminal_session.ts";

export class TerminalConnection extends Connection {
  /** The Err of the last call that answered data (read, size), or Err.Ok. */
  error: i32 = Err.Ok;

  /** A Terminal session labelled `label` (of core's device, or of the terminal component, as routed). */
  constructor(label: string = "") {
    super(SERVICE, label, SESSION_RAM, SESSION_CAPS);
  }

  /** Writes all of `bytes`: the number written, or an Err. */
  write(bytes: Uint8Array): i32 { return terminal.write(this.cap, bytes); }

  /** Writes `text` as UTF-8. */
  print(text: string): i32 { return this.write(Uint8Array.wrap(String.UTF8.encode(text))); }

  /** The input available, up to `max` bytes; empty when none (or on an error: see `error`). */
  read(max: u32 = READ_MAX): Uint8Array {
    const r = terminal.read(this.cap, max);
    this.error = terminal.lastError();
    return r;
  }

  avail(): i32 { return terminal.avail(this.cap); }

  size(): TerminalSize {
    const r = terminal.size(this.cap);
    this.error = terminal.lastError();
    return r;
  }

  readAvailSigh(signal: i32): i32 { return terminal.readAvailSigh(this.cap, signal); }
  sizeChangedSigh(signal: i32): i32 { return terminal.sizeChangedSigh(this.cap, signal); }
}
