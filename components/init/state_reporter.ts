// The state report: init's children, their sessions and quotas as Genode's init reports them, when <report> asks.
import { PdOp } from "../../kernel/abi.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SignalHandler, register } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { Node } from "../lib/config/node.ts";
import { ReportConnection } from "../report_session/connection.ts";
import { Child } from "./child.ts";
import { children } from "./children.ts";
import { initQuota } from "./own_quota.ts";
import { deniedPhase, orphanRequests, orphanSessions, sessionPhase } from "./server_side.ts";
import { assignedOf, requestedOf } from "./resources.ts";

const BUFFER: u32 = 16 * 1024;

/** Genode's byte-size notation: 0, else G, M or K when it divides exactly, else plain bytes. */
export function byteSize(v: u64): string {
  if (v == 0) return "0";
  if (v % (1 << 30) == 0) return (v >> 30).toString() + "G";
  if (v % (1 << 20) == 0) return (v >> 20).toString() + "M";
  if (v % (1 << 10) == 0) return (v >> 10).toString() + "K";
  return v.toString();
}

/** Attribute values escaped as XML needs (`>` may stay: labels are full of ` -> `). */
function escape(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll("\"", "&quot;");
}

function attr(name: string, value: string): string { return " " + name + "=\"" + escape(value) + "\""; }

export function sessionNode(service: string, label: string, state: string, ram: u64, caps: u64): string {
  return "<session" + attr("service", service) + attr("label", label) + attr("state", state) +
    attr("ram", byteSize(ram)) + attr("caps", caps.toString()) + "/>";
}

/** What the config's <report> asks for. */
class Settings {
  initRam: bool = false;
  initCaps: bool = false;
  ids: bool = false;
  requested: bool = false;
  provided: bool = false;
  childRam: bool = false;
  childCaps: bool = false;
}

let settings: Settings | null = null;
let version: string = "";
let report: ReportConnection | null = null;

/** Takes the <report> node (or null: no report) and the config's version from a config being applied. */
export function configure(node: Node | null, configVersion: string): void {
  version = configVersion;
  if (node == null) {
    settings = null;
    return;
  }
  const s = new Settings();
  s.initRam = node.attributeBool("init_ram", false);
  s.initCaps = node.attributeBool("init_caps", false);
  s.ids = node.attributeBool("ids", false);
  s.requested = node.attributeBool("requested", false);
  s.provided = node.attributeBool("provided", false);
  s.childRam = node.attributeBool("child_ram", false);
  s.childCaps = node.attributeBool("child_caps", false);
  settings = s;
  if (report == null) report = new ReportConnection("state", BUFFER);
  stateChanged();
}

/** The quota line of a child's PD: `<ram|caps assigned quota used avail/>`. */
function quotaNode(c: Child, ram: bool): string {
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
function requestedNodes(c: Child, out: Array<string>): void {
  const ids = c.sessions.keys().sort();
  for (let i = 0; i < ids.length; i++) {
    const s = c.sessions.get(ids[i]);
    out.push(sessionNode(s.service, s.local != null ? s.label : s.serverLabel, sessionPhase(s), s.ram, s.caps));
  }
  for (let i = 0; i < c.stalled.length; i++) {
    const r = c.stalled[i];
    out.push(sessionNode(r.service, r.server != null ? r.serverLabel : r.label, "CREATE_REQUESTED", r.ram, r.caps));
  }
  const denied = c.denied.values();
  for (let i = 0; i < denied.length; i++) out.push(sessionNode(denied[i].service, denied[i].label, deniedPhase(denied[i]), denied[i].ram, denied[i].caps));
}

/** Sessions of `client` that `server` serves, for the server's `provided`. */
function providedNodes(server: Child, client: Child, out: Array<string>): void {
  const ids = client.sessions.keys().sort();
  for (let i = 0; i < ids.length; i++) {
    const s = client.sessions.get(ids[i]);
    if (s.server === server) out.push(sessionNode(s.service, s.serverLabel, sessionPhase(s), s.ram, s.caps));
  }
  for (let i = 0; i < client.stalled.length; i++) {
    const r = client.stalled[i];
    if (r.server === server) out.push(sessionNode(r.service, r.serverLabel, "CREATE_REQUESTED", r.ram, r.caps));
  }
}

/** Sessions `server` still closes, or still decides on, for clients that are gone. */
function orphanNodes(server: Child, out: Array<string>): void {
  for (let i = 0; i < orphanSessions.length; i++) {
    const s = orphanSessions[i];
    if (s.server === server) out.push(sessionNode(s.service, s.serverLabel, "CLOSE_REQUESTED", s.ram, s.caps));
  }
  for (let i = 0; i < orphanRequests.length; i++) {
    const r = orphanRequests[i];
    if (r.server === server) out.push(sessionNode(r.service, r.serverLabel, "CREATE_REQUESTED", r.ram, r.caps));
  }
}

/** The whole report. */
export function stateXml(): string {
  const s = settings!;
  const out = new Array<string>();
  out.push("<state" + (version.length > 0 ? attr("version", version) : "") + ">");
  if (s.initRam || s.initCaps) {
    const q = initQuota();
    if (q != null && s.initRam) out.push("<ram" + attr("quota", byteSize(q.ram)) + attr("used", byteSize(q.ramUsed)) + attr("avail", byteSize(q.ramAvail)) + "/>");
    if (q != null && s.initCaps) out.push("<caps" + attr("quota", q.caps.toString()) + attr("used", q.capsUsed.toString()) + attr("avail", q.capsAvail.toString()) + "/>");
  }
  for (let i = children.length - 1; i >= 0; i--) {
    const c = children[i];
    if (c.abandoned) continue;
    let head = "<child" + attr("name", c.name) + attr("binary", c.start.binary);
    if (c.start.version.length > 0) head += attr("version", c.start.version);
    if (s.ids) head += attr("id", c.id.toString());
    if (!c.alive && !c.exited) head += attr("state", "incomplete");
    if (c.exited) head += attr("exited", c.exitCode.toString());
    if (c.start.heartbeat && c.heartbeat.skipped > 0) head += attr("skipped_heartbeats", c.heartbeat.skipped.toString());
    const body = new Array<string>();
    if (s.childRam) body.push(quotaNode(c, true));
    if (s.childCaps) body.push(quotaNode(c, false));
    if (s.requested) {
      const sessions = new Array<string>();
      requestedNodes(c, sessions);
      body.push(sessions.length > 0 ? "<requested>" + sessions.join("") + "</requested>" : "<requested/>");
    }
    if (s.provided) {
      const sessions = new Array<string>();
      for (let j = 0; j < children.length; j++) providedNodes(c, children[j], sessions);
      orphanNodes(c, sessions);
      body.push(sessions.length > 0 ? "<provided>" + sessions.join("") + "</provided>" : "<provided/>");
    }
    out.push(body.length > 0 ? head + ">" + body.join("") + "</child>" : head + "/>");
  }
  out.push("</state>");
  return out.join("");
}

class ReportNow extends SignalHandler {
  handle(count: u32): void {
    const r = report;
    if (settings == null || r == null) return;
    r.submit(stateXml());
  }
}

let reportNow: ReportNow | null = null;

/**
 * A change Genode reports at once, whatever `delay_ms` says (a child's resource request: the
 * child is blocked until a config answers it). Reports are not rate-limited yet, so for now it is
 * the same as stateChanged().
 */
export function stateChangedNow(): void { stateChanged(); }

/**
 * Something the report shows changed: it goes out after the current activation, once however
 * many changes came together (a signal to ourselves).
 */
export function stateChanged(): void {
  if (settings == null) return;
  let h = reportNow;
  if (h == null) {
    h = new ReportNow();
    reportNow = h;
    register(h);
  }
  sys_signal(h.cap);
}
