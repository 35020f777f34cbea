// Serving ROM modules: content that clients read through ROM sessions and are signalled about when it changes.
import { Err, Msg } from "../../kernel/abi.ts";
import { RomOp } from "../rom_session/protocol.ts";
import * as msg from "./message.ts";
import { RpcObject } from "./rpc.ts";
import { sys_drop, sys_signal } from "./syscalls.ts";
import { StateReader, StateWriter } from "./state_codec.ts";

const CHUNK: u32 = <u32>Msg.MaxPayload - 4;

/** A module's content and its readers' signals; update() tells them all. */
export class RomModule {
  content: Uint8Array = new Uint8Array(0);
  version: u32 = 1;
  private sighs: Array<i32> = new Array<i32>();

  constructor(readonly name: string) {}

  setText(text: string): void { this.update(Uint8Array.wrap(String.UTF8.encode(text))); }

  /** New content: every reader that asked is signalled. */
  update(content: Uint8Array): void {
    this.content = content;
    this.version++;
    for (let i = 0; i < this.sighs.length; i++) sys_signal(this.sighs[i]);
  }

  addSigh(cap: i32): void { this.sighs.push(cap); }

  /** For a live swap: its content, version and readers' signals (their capabilities stay in the PD). */
  saveState(w: StateWriter): void {
    w.bytes(this.content);
    w.u32(this.version);
    const sighs = new Array<u32>();
    for (let i = 0; i < this.sighs.length; i++) sighs.push(<u32>this.sighs[i]);
    w.u32s(sighs);
  }

  loadState(r: StateReader): void {
    this.content = r.bytes();
    this.version = r.u32();
    const sighs = r.u32s();
    this.sighs = new Array<i32>();
    for (let i = 0; i < sighs.length; i++) this.sighs.push(<i32>sighs[i]);
  }

  removeSigh(cap: i32): void {
    const i = this.sighs.indexOf(cap);
    if (i >= 0) {
      this.sighs.splice(i, 1);
      sys_drop(cap);
    }
  }
}

/** One client's ROM session of a module. */
export class RomSession extends RpcObject {
  private sigh: i32 = 0;

  constructor(readonly module: RomModule) { super(); }

  dispatch(op: i32): i32 {
    const m = this.module;
    if (op == RomOp.Info) {
      msg.begin();
      msg.putU32(<u32>m.content.length);
      msg.putU32(m.version);
      return Err.Ok;
    }
    if (op == RomOp.Read) {
      const offset = msg.getU32(), length = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      const size = <u32>m.content.length;
      if (offset > size) return Err.Invalid;
      const n = min(min(length, size - offset), CHUNK);
      msg.begin();
      msg.putRaw(m.content.dataStart + offset, n);
      return Err.Ok;
    }
    if (op == RomOp.Sigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (this.sigh > 0) m.removeSigh(this.sigh);
      this.sigh = msg.getCap(0);
      m.addSigh(this.sigh);
      msg.begin();
      return Err.Ok;
    }
    return Err.BadOpcode;
  }

  /** For a live swap: the client's change signal it keeps (the module is saved by its server). */
  saveState(w: StateWriter): void { w.i32(this.sigh); }
  loadState(r: StateReader): void { this.sigh = r.i32(); }

  /** The session closes: its signal goes. */
  closed(): void {
    if (this.sigh > 0) this.module.removeSigh(this.sigh);
    this.sigh = 0;
  }
}
