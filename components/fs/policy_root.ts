// The File_system root: admits sessions by the server's <policy> (root, writeable) and the client's args.
//
// As Genode's ram_fs and vfs server: the best-matching <policy> (components/lib/policy.ts), else
// <default-policy>, gives the subtree (`root`, "/" when absent) and whether it may be written
// (`writeable="yes"`). A client may narrow both by its args (`root=`, `writeable=no`), never widen
// them. A session whose root is no directory of the tree is denied.
// A writeable policy's root is made when missing, so a server given a corner of the user's files (src_fs: /src) finds it.
import { FsKind, FsSessionQuota } from "../fs_session/protocol.ts";
import { Node } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { selectPolicy } from "../lib/policy.ts";
import { Root, SessionRequest } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { argValue } from "../fs_session/fs_session.ts";
import { Path, parsePath } from "../fs_session/path.ts";
import { FsSession } from "./session.ts";
import { Storage } from "./storage.ts";
import { Watches } from "./watches.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

function argBool(args: string, key: string, dflt: bool): bool {
  const v = argValue(args, key);
  if (v === null) return dflt;
  if (v == "yes" || v == "true" || v == "on" || v == "1") return true;
  if (v == "no" || v == "false" || v == "off" || v == "0") return false;
  return dflt;
}

export class FsRoot extends Root {
  private watches: Watches = new Watches();
  /** The sessions it serves: a live swap carries them. */
  private sessions: Array<FsSession> = new Array<FsSession>();

  /** `logger` is opened at start: sessions are made while the parent calls, when it cannot be asked for one. */
  constructor(readonly config: Node, readonly storage: Storage, readonly logger: LogConnection) { super(); }

  /** What one session costs at its opening (its state, its endpoint, the client's capability to it); each watch one capability more. */
  sessionRam(): u32 { return FsSessionQuota.Ram; }
  sessionCaps(): u32 { return FsSessionQuota.Caps; }

  /** More donated: more watches the session may hold. */
  upgrade(session: RpcObject, ram: u32, caps: u32): void {
    if (session instanceof FsSession) (<FsSession>session).watchCaps += caps;
  }

  private warn(text: string): void { this.logger.write(warningLine(text)); }

  create(request: SessionRequest): RpcObject | null {
    const policy = selectPolicy(this.config, request.label);
    if (policy == null) {
      this.warn("no policy for File_system session '" + request.label + "'");
      return null;
    }
    const policyRoot = parsePath(policy.attributeOr("root", "/"));
    const argRoot = argValue(request.args, "root");
    const sub = parsePath(argRoot !== null && argRoot.length > 0 ? argRoot : "/");
    if (!policyRoot.ok || !sub.ok) {
      this.warn("invalid root for File_system session '" + request.label + "'");
      return null;
    }
    const policyWriteable = policy.attributeBool("writeable", false);
    // A writeable policy's root is made when missing (a server's own corner of the user's files).
    if (policyWriteable && !this.isDirectory(policyRoot)) this.makeDirectories(policyRoot);
    const root = sub.under(policyRoot);
    if (!this.isDirectory(root)) {
      this.warn("root '" + root.toString() + "' of File_system session '" + request.label + "' is no directory");
      return null;
    }
    const writeable = policyWriteable && argBool(request.args, "writeable", true);
    const session = new FsSession(this.storage, this.watches, root, writeable, request.capQuota - FsSessionQuota.Caps);
    this.sessions.push(session);
    return session;
  }

  destroy(session: RpcObject): void {
    if (!(session instanceof FsSession)) return;
    (<FsSession>session).closed();
    const i = this.sessions.indexOf(<FsSession>session);
    if (i >= 0) this.sessions.splice(i, 1);
  }

  /** For a live swap: the root itself, its watches, its sessions (the storage is saved beside it). */
  saveState(w: StateWriter): void {
    w.served(this);
    this.watches.saveState(w);
    // A session whose endpoint failed to be made (Root.dispatch) was never served: it is not carried.
    let served: u32 = 0;
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) served++;
    w.u32(served);
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) this.sessions[i].saveState(w);
  }

  loadState(r: StateReader): void {
    r.served(this);
    this.watches.loadState(r);
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) this.sessions.push(FsSession.loadState(r, this.storage, this.watches));
  }

  /** Makes the directories along `path` that are missing; stops at a file or a failure. */
  private makeDirectories(path: Path): void {
    const s = this.storage;
    let node = s.root();
    for (let i = 0; i < path.elements.length; i++) {
      let next = s.lookup(node, path.elements[i]);
      if (next == 0) {
        const r = s.create(node, path.elements[i], FsKind.Dir);
        if (r < 0) return;
        s.commit();
        next = <u32>r;
      }
      node = next;
    }
  }

  private isDirectory(path: Path): bool {
    const s = this.storage;
    let node = s.root();
    for (let i = 0; i < path.elements.length && node != 0; i++) node = s.lookup(node, path.elements[i]);
    if (node == 0) return false;
    const st = s.status(node);
    return st != null && st.kind == FsKind.Dir;
  }
}

