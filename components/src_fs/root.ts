// src_fs's root: admits File_system sessions by its config's <policy>, each seeing the layers its policy names.
//
//   <policy label="shell -> src" layer="both" writeable="yes"/>   the sources with the user's changes
//   <policy label="builder -> base" layer="base"/>                 the sources as the image was built (read-only)
//   <policy label="shell -> src_changes" layer="changes" writeable="yes"/>   only the changes (diff, reset)
//
// `layer` defaults to "both"; a policy without writeable="yes" (or a client asking writeable=no)
// gives a read-only session; the base layer is read-only whatever the policy says.
import { FsSessionQuota } from "../fs_session/protocol.ts";
import { argValue } from "../fs_session/fs_session.ts";
import { Node } from "../lib/config/parse.ts";
import { selectPolicy } from "../lib/policy.ts";
import { Root, SessionRequest } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { Layers } from "./layers.ts";
import { Layer, SrcSession } from "./session.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

export class SrcRoot extends Root {
  constructor(readonly config: Node, readonly layers: Layers) { super(); }

  sessionRam(): u32 { return FsSessionQuota.Ram; }
  sessionCaps(): u32 { return FsSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const policy = selectPolicy(this.config, request.label);
    if (policy == null) {
      this.layers.warn("no policy for File_system session '" + request.label + "'");
      return null;
    }
    const name = policy.attributeOr("layer", "both");
    let layer = Layer.Both;
    if (name == "base") layer = Layer.Base;
    else if (name == "changes") layer = Layer.Changes;
    else if (name != "both") {
      this.layers.warn("unknown layer '" + name + "' in the policy for '" + request.label + "' (both, base or changes)");
      return null;
    }
    const root = argValue(request.args, "root");
    if (root !== null && root.length > 0 && root != "/") {
      this.layers.warn("File_system session '" + request.label + "' asks for root " + root + ": src_fs serves its whole tree only");
      return null;
    }
    const asked = argValue(request.args, "writeable");
    const writeable = policy.attributeBool("writeable", false) && (asked === null || asked != "no");
    const session = new SrcSession(this.layers, layer, writeable, request.label);
    this.sessions.push(session);
    return session;
  }

  /** The sessions it serves: a live swap carries them. */
  private sessions: Array<SrcSession> = new Array<SrcSession>();

  destroy(session: RpcObject): void {
    if (!(session instanceof SrcSession)) return;
    (<SrcSession>session).closed();
    const i = this.sessions.indexOf(<SrcSession>session);
    if (i >= 0) this.sessions.splice(i, 1);
  }

  /** For a live swap: the root itself and the sessions served (one whose endpoint was never made is not carried). */
  saveState(w: StateWriter): void {
    w.served(this);
    let served: u32 = 0;
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) served++;
    w.u32(served);
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) this.sessions[i].saveState(w);
  }

  loadState(r: StateReader): void {
    r.served(this);
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) this.sessions.push(SrcSession.loadState(r, this.layers));
  }
}
