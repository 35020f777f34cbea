// notes: serves Notes sessions, each client's notes kept in a directory of the service's own file system.
//
//   session.ts    one client's session: write, read, list, watch
//   note_path.ts  where a note lives: the client's directory and the note's name joined
//   store.ts      the files, through the service's File_system session
//
// A swapped-in version takes over the running one's sessions (their counts, their watches) and its
// File_system session through the state hooks below: clients keep their sessions across a swap.
import { exit } from "../lib/component.ts";
import { Connection } from "../lib/connection.ts";
import { log } from "../lib/log.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { labelLast } from "../lib/strings.ts";
import { SERVICE as FILE_SYSTEM, sessionArgs } from "../fs_session/fs_session.ts";
import { validName } from "../fs_session/path.ts";
import { FsSessionQuota } from "../fs_session/protocol.ts";
import { NotesSessionQuota } from "../notes_session/protocol.ts";
import { SERVICE } from "../notes_session/notes_session.ts";
import { StateReader, StateWriter, liveState } from "../lib/live_state.ts";
import { NoteChanged, NotesSession } from "./session.ts";
import { Store } from "./store.ts";

class NotesRoot extends Root {
  readonly sessions: Array<NotesSession> = new Array<NotesSession>();
  readonly store: Store = new Store(0);

  sessionRam(): u32 { return NotesSessionQuota.Ram; }
  sessionCaps(): u32 { return NotesSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    // The label's last element names the client, and its directory: it must make a directory name.
    const client = labelLast(request.label);
    if (!validName(client) || client == "." || client == "..") {
      log("denied a session labelled \"" + request.label + "\": its last element names no directory");
      return null;
    }
    const session = new NotesSession(client, this.store);
    const r = this.store.makeDir(session.dir);
    if (r < 0) {
      log("denied " + client + ": its directory cannot be made (error " + r.toString() + ")");
      return null;
    }
    this.sessions.push(session);
    return session;
  }

  destroy(session: RpcObject): void {
    const s = changetype<NotesSession>(session);
    const i = this.sessions.indexOf(s);
    if (i < 0) return;
    this.sessions.splice(i, 1);
    s.close();
  }
}

const root = new NotesRoot();

/** The state a swap carries: the root, the File_system session, each session with its count and its watch. */
function save(w: StateWriter): void {
  w.served(root);
  w.i32(root.store.cap);
  w.u32(<u32>root.sessions.length);
  for (let i = 0; i < root.sessions.length; i++) {
    const s = root.sessions[i];
    w.string(s.client);
    w.u32(s.written);
    w.served(s);
    const h = s.changed;
    w.bool(h != null);
    if (h != null) {
      w.handler(h);
      w.i32(s.changedCap);
      w.i32(s.watchId);
      w.i32(s.signal);
    }
  }
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.served(root);
  root.store.cap = r.i32();
  const n = r.u32();
  for (let i: u32 = 0; i < n && !r.malformed(); i++) {
    const s = new NotesSession(r.string(), root.store);
    s.written = r.u32();
    r.served(s);
    if (r.bool()) {
      const h = new NoteChanged(s);
      r.handler(h);
      s.changed = h;
      s.changedCap = r.i32();
      s.watchId = r.i32();
      s.signal = r.i32();
    }
    root.sessions.push(s);
  }
  return !r.malformed();
}

/** The watches notes may keep in fs: each takes a capability of its File_system session's donation. */
const WATCHES: u32 = 16;

/** The service's own File_system session: once it is there, the service announces itself. */
class Files extends Connection {
  constructor() {
    super(FILE_SYSTEM, "/", FsSessionQuota.Ram, FsSessionQuota.Caps + WATCHES, sessionArgs("/", true));
  }

  ready(): void {
    if (!this.ok) {
      log("no File_system session (error " + this.cap.toString() + "): notes keeps its notes in one");
      exit(1);
      return;
    }
    root.store.cap = this.cap;
    announce(SERVICE, root);
    log("ready");
  }
}

if (!liveState(1, save, load)) new Files().whenReady();
