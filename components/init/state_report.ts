// Init's state as its report shows it: the children, their quotas and sessions, as Genode's init reports them.
import { PdOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { Children } from "./children.ts";
import { OwnQuota } from "./own_quota.ts";
import { attr, byteSize, sessionArgs, sessionNode } from "./report_format.ts";
import { assignedOf, requestedOf } from "./resources.ts";
import { Child, RoutedSession, StalledRequest } from "./child.ts";
import { ServerSide, deniedPhase, sessionPhase } from "./server_side.ts";
import { ReportDetail, StateProducer } from "./state_reporter.ts";

/** The `<args>` of a session when the report asks for them (`session_args`), else null. */
function argsOf(detail: ReportDetail, s: RoutedSession): string | null {
  return detail.sessionArgs ? sessionArgs(s.label, s.ram, s.caps, s.args) : null;
}

function requestArgsOf(detail: ReportDetail, r: StalledRequest): string | null {
  return detail.sessionArgs ? sessionArgs(r.label, r.ram, r.caps, r.args) : null;
}

export class InitState extends StateProducer {
  constructor(private children: Children, private serverSide: ServerSide, private ownQuota: OwnQuota) { super(); }

  /** The quota line of a child's PD: `<ram|caps assigned quota used avail/>`. */
  private quotaNode(c: Child, ram: bool): string {
    const assigned = assignedOf(c, ram);
    let line = "<" + (ram ? "ram" : "caps") + attr("assigned", ram ? byteSize(assigned) : assigned.toString());
    if (c.alive && c.control > 0) {
      msg.begin(PdOp.Quota);
      if (call(c.control) >= 0) {
        const ramQuota = <u64>msg.getU32(), ramUsed = <u64>msg.getU32(), capQuota = <u64>msg.getU32(), capUsed = <u64>msg.getU32();
        const quota = ram ? ramQuota : capQuota, used = ram ? ramUsed : capUsed;
        line += attr("quota", ram ? byteSize(quota) : quota.toString()) + attr("used", ram ? byteSize(used) : used.toString()) +
          attr("avail", ram ? byteSize(quota - used) : (quota - used).toString());
      }
    }
    const requested = requestedOf(c, ram);
    if (requested > 0) line += attr("requested", ram ? byteSize(requested) : requested.toString());
    return line + "/>";
  }

  /** The child's sessions for `requested`: those it asked for in ascending id order, then those waiting. */
  private requestedNodes(c: Child, d: ReportDetail, out: Array<string>): void {
    const ids = c.sessions.keys().sort();
    for (let i = 0; i < ids.length; i++) {
      const s = c.sessions.get(ids[i]);
      out.push(sessionNode(s.service, s.local != null ? s.label : s.serverLabel, sessionPhase(s), s.ram, s.caps, argsOf(d, s)));
    }
    for (let i = 0; i < c.stalled.length; i++) {
      const r = c.stalled[i];
      out.push(sessionNode(r.service, r.server != null ? r.serverLabel : r.label, "CREATE_REQUESTED", r.ram, r.caps, requestArgsOf(d, r)));
    }
    const denied = c.denied.values();
    for (let i = 0; i < denied.length; i++) out.push(sessionNode(denied[i].service, denied[i].label, deniedPhase(denied[i]), denied[i].ram, denied[i].caps, requestArgsOf(d, denied[i])));
  }

  /** Sessions of `client` that `server` serves, for the server's `provided`. */
  private providedNodes(server: Child, client: Child, d: ReportDetail, out: Array<string>): void {
    const ids = client.sessions.keys().sort();
    for (let i = 0; i < ids.length; i++) {
      const s = client.sessions.get(ids[i]);
      if (s.server === server) out.push(sessionNode(s.service, s.serverLabel, sessionPhase(s), s.ram, s.caps, argsOf(d, s)));
    }
    for (let i = 0; i < client.stalled.length; i++) {
      const r = client.stalled[i];
      if (r.server === server) out.push(sessionNode(r.service, r.serverLabel, "CREATE_REQUESTED", r.ram, r.caps, requestArgsOf(d, r)));
    }
  }

  /** Sessions `server` still closes, or still decides on, for clients that are gone. */
  private orphanNodes(server: Child, d: ReportDetail, out: Array<string>): void {
    for (let i = 0; i < this.serverSide.orphanSessions.length; i++) {
      const s = this.serverSide.orphanSessions[i];
      if (s.server === server) out.push(sessionNode(s.service, s.serverLabel, "CLOSE_REQUESTED", s.ram, s.caps, argsOf(d, s)));
    }
    for (let i = 0; i < this.serverSide.orphanRequests.length; i++) {
      const r = this.serverSide.orphanRequests[i];
      if (r.server === server) out.push(sessionNode(r.service, r.serverLabel, "CREATE_REQUESTED", r.ram, r.caps, requestArgsOf(d, r)));
    }
  }

  /** The whole report. */
  stateXml(s: ReportDetail, version: string): string {
    const out = new Array<string>();
    out.push("<state" + (version.length > 0 ? attr("version", version) : "") + ">");
    if (s.initRam || s.initCaps) {
      const q = this.ownQuota.now();
      if (q != null && s.initRam) out.push("<ram" + attr("quota", byteSize(q.ram)) + attr("used", byteSize(q.ramUsed)) + attr("avail", byteSize(q.ramAvail)) + "/>");
      if (q != null && s.initCaps) out.push("<caps" + attr("quota", q.caps.toString()) + attr("used", q.capsUsed.toString()) + attr("avail", q.capsAvail.toString()) + "/>");
    }
    for (let i = this.children.length - 1; i >= 0; i--) {
      const c = this.children.at(i);
      if (c.abandoned) continue;
      let head = "<child" + attr("name", c.name) + attr("binary", c.start.binary);
      if (c.start.version.length > 0) head += attr("version", c.start.version);
      if (s.ids) head += attr("id", c.id.toString());
      if (s.binaries && c.binarySha256.length > 0) head += attr("binary_sha256", c.binarySha256) + attr("binary_origin", c.binaryOrigin);
      if (!c.alive && !c.exited) head += attr("state", "incomplete");
      if (c.exited) head += attr("exited", c.exitCode.toString());
      if (c.start.heartbeat && c.heartbeat.skipped > 0) head += attr("skipped_heartbeats", c.heartbeat.skipped.toString());
      const body = new Array<string>();
      if (s.childRam) body.push(this.quotaNode(c, true));
      if (s.childCaps) body.push(this.quotaNode(c, false));
      if (s.requested) {
        const sessions = new Array<string>();
        this.requestedNodes(c, s, sessions);
        body.push(sessions.length > 0 ? "<requested>" + sessions.join("") + "</requested>" : "<requested/>");
      }
      if (s.provided) {
        const sessions = new Array<string>();
        for (let j = 0; j < this.children.length; j++) this.providedNodes(c, this.children.at(j), s, sessions);
        this.orphanNodes(c, s, sessions);
        body.push(sessions.length > 0 ? "<provided>" + sessions.join("") + "</provided>" : "<provided/>");
      }
      out.push(body.length > 0 ? head + ">" + body.join("") + "</child>" : head + "/>");
    }
    out.push("</state>");
    return out.join("");
  }
}
