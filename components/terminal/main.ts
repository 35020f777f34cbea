// terminal: many Terminal sessions over core's one, as Genode's terminal services share one screen and keyboard.
//
// What each session gets (the policy, kept simple; labels do not change it):
// - Write: every session writes to the one screen; bytes pass through as they are.
// - Size and the size-changed signal: every session sees the terminal's size and hears of changes.
// - Input: one session at a time holds the focus, the oldest one still open; only it reads input,
//   hears the read-available signal and sees bytes available. Others read nothing, as if nothing
//   was typed. When the focused session closes, the next oldest takes the focus and is signalled
//   (input typed meanwhile waits in core for it). Genode splits a terminal into several with
//   separate components (a window per client); this one only shares it.
// Calls go on to core's session while the client's call runs (down the tree), so nothing is
// buffered here: input waits in the device until the focused client reads it.
//
// A live swap carries core's session, its two handlers, and the sessions in focus order with their
// clients' signals: nothing is buffered here, so no input is lost across it.
import { Err, RootOp } from "../../kernel/abi.ts";
import { TerminalOp, TerminalSessionQuota } from "../terminal_session/protocol.ts";
import { log } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { TerminalConnection } from "../terminal_session/connection.ts";
import { READ_MAX, SERVICE } from "../terminal_session/terminal_session.ts";

// Opened at start: a component cannot ask its parent for a session while its parent calls it.
const device = new TerminalConnection();
/** Open sessions, oldest first: the first holds the input focus. */
const sessions = new Array<TerminalSession>();

function focused(): TerminalSession | null { return sessions.length > 0 ? sessions[0] : null; }

function submit(signal: i32): void {
  if (signal > 0) sys_signal(signal);
}

class TerminalSession extends RpcObject {
  /** The client's signals; 0 until it gave them. */
  readAvail: i32 = 0;
  sizeChanged: i32 = 0;

  dispatch(op: i32): i32 {
    if (op == TerminalOp.Write) {
      const bytes = msg.getBytes();
      if (msg.malformed()) return Err.BadMsg;
      const r = device.write(bytes);
      msg.begin(); // after the call to core, which used the IPC buffer
      return r;
    }
    if (op == TerminalOp.Read) {
      const max = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      if (max > READ_MAX) return Err.Invalid;
      const bytes = focused() === this ? device.read(max) : new Uint8Array(0);
      if (device.error < 0) return device.error;
      msg.begin();
      msg.putBytes(bytes);
      return bytes.length;
    }
    if (op == TerminalOp.Avail) {
      const n = focused() === this ? device.avail() : 0;
      msg.begin();
      return n;
    }
    if (op == TerminalOp.Size) {
      const size = device.size();
      if (device.error < 0) return device.error;
      msg.begin();
      msg.putU32(size.columns);
      msg.putU32(size.rows);
      return Err.Ok;
    }
    if (op == TerminalOp.ReadAvailSigh || op == TerminalOp.SizeChangedSigh) {
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      const signal = msg.getCap(0);
      if (op == TerminalOp.ReadAvailSigh) {
        if (this.readAvail > 0) sys_drop(this.readAvail);
        this.readAvail = signal;
        // Input typed before the client listened is not lost: it hears of it now.
        if (focused() === this && device.avail() > 0) submit(signal);
      } else {
        if (this.sizeChanged > 0) sys_drop(this.sizeChanged);
        this.sizeChanged = signal;
      }
      msg.begin();
      return Err.Ok;
    }
    return Err.BadOpcode;
  }
}

/** Core says input came: the focused session hears of it. */
class InputArrived extends SignalHandler {
  handle(count: u32): void {
    const f = focused();
    if (f != null) submit(f.readAvail);
  }
}

/** Core says the size changed: every session hears of it. */
class SizeChanged extends SignalHandler {
  handle(count: u32): void {
    for (let i = 0; i < sessions.length; i++) submit(sessions[i].sizeChanged);
  }
}

class TerminalRoot extends Root {
  /** What one session costs (its endpoint, the client's capability to it, its two signals): its session protocol's quota (a request donating less gets Err.Quota). */
  sessionRam(): u32 { return TerminalSessionQuota.Ram; }
  sessionCaps(): u32 { return TerminalSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const s = new TerminalSession();
    sessions.push(s);
    return s;
  }

  dispatch(op: i32): i32 {
    const r = super.dispatch(op);
    // No endpoint for the new session (kernel tables or quota full): it was never served, forget it.
    if (op == RootOp.Session && r < 0 && sessions.length > 0 && sessions[sessions.length - 1].cap == 0) sessions.pop();
    return r;
  }

  destroy(session: RpcObject): void {
    const i = sessions.indexOf(<TerminalSession>session);
    if (i < 0) return;
    const s = sessions[i];
    sessions.splice(i, 1);
    if (s.readAvail > 0) sys_drop(s.readAvail);
    if (s.sizeChanged > 0) sys_drop(s.sizeChanged);
    // The focus moves on: its new holder is told, in case input waits (a spurious signal reads nothing).
    if (i == 0 && sessions.length > 0) submit(sessions[0].readAvail);
  }
}

const input = new InputArrived();
const resize = new SizeChanged();
const root = new TerminalRoot();

function save(w: StateWriter): void {
  w.connection(device);
  w.bool(input.cap > 0);
  if (input.cap > 0) w.handler(input);
  w.bool(resize.cap > 0);
  if (resize.cap > 0) w.handler(resize);
  w.served(root);
  w.u32(<u32>sessions.length);
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i];
    w.i32(s.readAvail);
    w.i32(s.sizeChanged);
    w.served(s);
  }
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(device);
  if (r.bool()) r.handler(input);
  if (r.bool()) r.handler(resize);
  r.served(root);
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const s = new TerminalSession();
    s.readAvail = r.i32();
    s.sizeChanged = r.i32();
    r.served(s);
    sessions.push(s);
  }
  return true;
}

if (!liveState(1, save, load)) {
  if (!device.ok) {
    log("no Terminal session (error " + device.cap.toString() + "): no Terminal service");
  } else {
    if (register(input) > 0) device.readAvailSigh(submitCap(input));
    if (register(resize) > 0) device.sizeChangedSigh(submitCap(resize));
    const e = announce(SERVICE, root);
    if (e < 0) log("cannot announce the Terminal service (error " + e.toString() + ")");
  }
}
