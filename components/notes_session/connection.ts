// The Notes session's client side: a connection with its three calls.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { NotesOp, NotesSessionQuota } from "./protocol.ts";
import { SERVICE } from "./notes_session.ts";

/** The names of a client's notes, and how many notes it wrote through its session. */
export class NoteList {
  constructor(readonly names: Array<string>, readonly written: u32) {}
}

export class NotesConnection extends Connection {
  /** The Err of the last call that answered data (read, list), or Err.Ok. */
  error: i32 = Err.Ok;

  constructor(label: string = "") {
    super(SERVICE, label, NotesSessionQuota.Ram, NotesSessionQuota.Caps);
  }

  /** Replaces the note `name` by `text`: Err.Ok or an Err. */
  write(name: string, text: string): i32 {
    msg.begin(NotesOp.Write);
    msg.putString(name);
    msg.putString(text);
    if (msg.overflowed()) return Err.Invalid;
    return call(this.cap);
  }

  /** The text of the note `name`; null with `error` set when it cannot be had. */
  read(name: string): string | null {
    msg.begin(NotesOp.Read);
    msg.putString(name);
    if (msg.overflowed()) { this.error = Err.Invalid; return null; }
    const r = call(this.cap);
    if (r < 0) { this.error = r; return null; }
    const text = msg.getString();
    if (msg.malformed()) { this.error = Err.BadMsg; return null; }
    this.error = Err.Ok;
    return text;
  }

  /** Asks for `signal` (a capability with the Signal right) to be submitted whenever the note `name` changes. */
  watch(name: string, signal: i32): i32 {
    msg.begin(NotesOp.Watch);
    msg.putString(name);
    msg.putCap(signal);
    if (msg.overflowed()) return Err.Invalid;
    return call(this.cap);
  }

  /** The client's notes; null with `error` set when they cannot be had. */
  list(): NoteList | null {
    const names = new Array<string>();
    let written: u32 = 0;
    while (true) {
      msg.begin(NotesOp.List);
      msg.putU32(<u32>names.length);
      const n = call(this.cap);
      if (n < 0) { this.error = n; return null; }
      written = msg.getU32();
      for (let i = 0; i < n; i++) names.push(msg.getString());
      if (msg.malformed()) { this.error = Err.BadMsg; return null; }
      if (n == 0) break;
    }
    this.error = Err.Ok;
    return new NoteList(names, written);
  }
}
