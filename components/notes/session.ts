// One client's Notes session: its notes are the files of its directory in the service's file system.
import { Err } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap, unregister } from "../lib/signal.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { NotesLimit, NotesOp } from "../notes_session/protocol.ts";
import { notePath } from "./note_path.ts";
import { Store } from "./store.ts";

/** fs tells of a change of the watched note: the client is told in turn. */
export class NoteChanged extends SignalHandler {
  constructor(readonly session: NotesSession) { super(); }
  handle(count: u32): void {
    if (this.session.signal > 0) sys_signal(this.session.signal);
  }
}

export class NotesSession extends RpcObject {
  /** Notes written through this session since it opened. */
  written: u32 = 0;
  /** The client's signal for its watch (a slot of ours), and fs's watch id of the note; 0 without a watch. */
  signal: i32 = 0;
  watchId: i32 = 0;
  /** What fs submits when the watched note changes, and the capability fs got of it (made on the first watch). */
  changed: NoteChanged | null = null;
  changedCap: i32 = 0;

  /** `client`: the session label's last element, which names the client's directory. */
  constructor(readonly client: string, readonly store: Store) { super(); }

  get dir(): string { return "/" + this.client; }

  dispatch(op: i32): i32 {
    if (op == NotesOp.Write) {
      const name = msg.getString(), text = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      return this.write(name, text);
    }
    if (op == NotesOp.Read) {
      const name = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      return this.read(name);
    }
    if (op == NotesOp.Watch) {
      const name = msg.getString();
      if (msg.malformed() || msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      const signal = msg.getCap(0);
      const r = this.watch(name, signal);
      if (r < 0) sys_drop(signal);
      return r;
    }
    if (op == NotesOp.List) {
      const first = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      return this.list(first);
    }
    return Err.BadOpcode;
  }

  private write(name: string, text: string): i32 {
    if (String.UTF8.byteLength(name) > NotesLimit.Name || String.UTF8.byteLength(text) > NotesLimit.Text) return Err.Invalid;
    const path = notePath(this.dir, name);
    if (path.length == 0) return Err.Invalid;
    // A client keeps so many notes at most: one cannot fill the file system its neighbours share.
    if (!this.store.has(path) && this.store.names(this.dir).length >= NotesLimit.Notes) return Err.NoSpace;
    const r = this.store.write(path, text);
    if (r == Err.Ok) this.written++;
    return r;
  }

  private read(name: string): i32 {
    if (String.UTF8.byteLength(name) > NotesLimit.Name) return Err.Invalid;
    const path = notePath(this.dir, name);
    if (path.length == 0) return Err.Invalid;
    const text = this.store.read(path);
    if (text == null) return this.store.error < 0 ? this.store.error : Err.NotFound;
    msg.begin();
    msg.putString(text);
    return Err.Ok;
  }

  private watch(name: string, signal: i32): i32 {
    if (String.UTF8.byteLength(name) > NotesLimit.Name) return Err.Invalid;
    const path = notePath(this.dir, name);
    if (path.length == 0) return Err.Invalid;
    if (this.changed == null) {
      const h = new NoteChanged(this);
      if (register(h) < 0) return Err.NoSpace;
      this.changed = h;
      this.changedCap = submitCap(h);
    }
    const id = this.store.watch(path, this.changedCap);
    // fs's budget of watches (the caps notes donated it) is spent: no room for another.
    if (id < 0) return id == Err.Quota ? Err.NoSpace : id;
    this.unwatch();
    this.watchId = id;
    this.signal = signal;
    return Err.Ok;
  }

  /** Ends the watch, if any: fs forgets it, the client's signal goes. */
  unwatch(): void {
    if (this.watchId > 0) this.store.unwatch(this.watchId);
    if (this.signal > 0) sys_drop(this.signal);
    this.watchId = 0;
    this.signal = 0;
  }

  /** The session closes: its watch and the signal fs had go too. */
  close(): void {
    this.unwatch();
    const h = this.changed;
    if (h != null) unregister(h);
    if (this.changedCap > 0) sys_drop(this.changedCap);
    this.changed = null;
    this.changedCap = 0;
  }

  /** The names from index `first` that fit one reply, after the count of notes written. */
  private list(first: u32): i32 {
    const names = this.store.names(this.dir);
    msg.begin();
    msg.putU32(this.written);
    let n = 0;
    // A name that does not fit is left out whole (putString writes nothing then): the client asks again from there.
    for (let i = first; i < <u32>names.length; i++) {
      msg.putString(names[i]);
      if (msg.overflowed()) break;
      n++;
    }
    return n;
  }
}
