// Live state: a component's state carried from its running instance into one of a new module (a live swap), through two hooks.
//
// As Erlang's code_change: linear memory is not copied (layouts differ between versions); the old
// instance writes its state (`save`) into a snapshot, the host copies the bytes into the new
// instance before its _start, and the new instance reads them back (`load`) while its main runs.
// The SDK carries its own tables first (badge and session-id counters, the heartbeat and session
// signals, the LOG session), so a component author writes only the component's own state.
//
// A snapshot: magic, the SDK part's format, the component's version, the SDK part, the component's part.
import { heartbeat } from "./heartbeat.ts";
import { defaultLogCap, reinstateDefaultLog } from "./log.ts";
import { sessionIdCounter, setSessionIdCounter } from "./parent.ts";
import { reinstateSessionSignal, sessionSignal } from "./pending.ts";
import { badgeCounter, setBadgeCounter } from "./rpc.ts";
import { sleepForever, sleepingForever } from "./component.ts";
import { StateReader, StateWriter } from "./state_codec.ts";
import { endTakeover, releaseSnapshot, snapshotAt, snapshotLength, takingOver as taking } from "./takeover.ts";

// Re-exported for component authors (AssemblyScript resolves a re-export without the extension).
export { StateReader, StateWriter } from "./state_codec";

/** "WMLS": the first word of every snapshot. */
const MAGIC: u32 = 0x534c4d57;
/** The format of the SDK's part: a new instance refuses a snapshot whose SDK part it does not know. */
const SDK_FORMAT: u32 = 1;

/** What __restore_result reports after _start. */
export const enum Restore { Taken = 1, NotTaken = 0, UnknownVersion = -2, Malformed = -3 }

let hooked: bool = false;
let componentVersion: u32 = 0;
let saveHook: (w: StateWriter) => void = noSave;
let loadHook: (r: StateReader, version: u32) => bool = noLoad;
let result: i32 = Restore.NotTaken;
let last: StateWriter | null = null;

function noSave(w: StateWriter): void {}
function noLoad(r: StateReader, version: u32): bool { return false; }

/** True during a swap's start (before and after liveState ran). */
export function takingOver(): bool { return taking(); }

/**
 * Declares this component's state hooks. `version` is written into every snapshot; `load` gets the
 * version of the instance that wrote it and returns false when it does not know it.
 * Returns true when this instance is taking over from a running one (a swap): its main code must then
 * NOT announce, connect or register again — everything it holds arrived through `load`.
 */
export function liveState(version: u32, save: (w: StateWriter) => void, load: (r: StateReader, version: u32) => bool): bool {
  if (hooked) return taking();
  hooked = true;
  componentVersion = version;
  saveHook = save;
  loadHook = load;
  if (!taking()) return false;
  result = restore(new StateReader(snapshotAt(), snapshotLength()), load);
  releaseSnapshot();
  return true;
}

function restore(r: StateReader, load: (r: StateReader, version: u32) => bool): i32 {
  if (r.u32() != MAGIC) return Restore.Malformed;
  const format = r.u32();
  if (r.malformed()) return Restore.Malformed;
  if (format != SDK_FORMAT) return Restore.UnknownVersion;
  const version = r.u32();
  readSdk(r);
  if (r.malformed()) return Restore.Malformed;
  if (!load(r, version)) return r.malformed() ? Restore.Malformed : Restore.UnknownVersion;
  return r.malformed() || !r.done ? Restore.Malformed : Restore.Taken;
}

function writeSdk(w: StateWriter): void {
  w.u32(badgeCounter());
  w.u32(sessionIdCounter());
  w.bool(sleepingForever());
  w.i32(defaultLogCap());
  const beat = heartbeat();
  const beating = beat != null && beat.cap > 0;
  w.bool(beating);
  if (beating) w.handler(beat!);
  const session = sessionSignal();
  const waiting = session != null && session.cap > 0;
  w.bool(waiting);
  if (waiting) w.handler(session!);
}

function readSdk(r: StateReader): void {
  setBadgeCounter(r.u32());
  setSessionIdCounter(r.u32());
  if (r.bool()) sleepForever();
  const log = r.i32();
  if (log > 0) reinstateDefaultLog(log);
  if (r.bool()) {
    const beat = heartbeat();
    if (beat != null) r.handler(beat);
  }
  if (r.bool()) r.handler(reinstateSessionSignal());
}

/** __snapshot: the SDK's and the component's state into a buffer; its length, or -1 without hooks. */
export function snapshot(): i32 {
  if (!hooked) return -1;
  const old = last;
  if (old != null) old.dispose();
  const w = new StateWriter();
  last = w;
  w.u32(MAGIC);
  w.u32(SDK_FORMAT);
  w.u32(componentVersion);
  writeSdk(w);
  saveHook(w);
  return <i32>w.length;
}

/** __state_data: where the last snapshot's bytes are. */
export function snapshotData(): usize {
  const w = last;
  return w == null ? 0 : w.dataStart;
}

/** __restore_result: how the takeover went (Restore); reading it ends the takeover. */
export function restoreResult(): i32 {
  const r = taking() ? result : Restore.NotTaken;
  endTakeover();
  return r;
}
