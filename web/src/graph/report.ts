// An init's state report read into plain records: its children, their quotas and sessions (Genode's format, components/init/state_report.ts).
import { childElement, childElements, parseByteSize, parseCount, type XmlElement } from "./xml.ts";

/** RAM in bytes or caps in capabilities: what the PD was assigned, its quota and what it uses (null: not reported). */
export interface Quota {
  assigned: number | null;
  quota: number | null;
  used: number | null;
}

/** One `<session>` of a child's `<requested>` or `<provided>`. */
export interface ReportedSession {
  service: string;
  label: string;
  /** CAP_HANDED_OUT, CREATE_REQUESTED, CLOSE_REQUESTED, SERVICE_DENIED, INSUFFICIENT_RAM_QUOTA. */
  state: string;
}

/** One `<child>` of the report. */
export interface ReportedChild {
  name: string;
  binary: string;
  version: string;
  /** The report's `state` attribute ("" when running), e.g. "incomplete" (not started, or faulted). */
  reportedState: string;
  /** Its exit value when it exited, else null. */
  exitCode: number | null;
  skippedHeartbeats: number;
  /** The sha256 (hex) of the binary it runs and whether that is the boot image's ("image") or a local build ("local"); "" when the report does not say (binaries="yes"). */
  sha256: string;
  origin: string;
  ram: Quota | null;
  caps: Quota | null;
  /** Null when the report was not asked for requested/provided sessions. */
  requested: ReportedSession[] | null;
  provided: ReportedSession[] | null;
}

function quotaOf(e: XmlElement | null, read: (t: string | null) => number | null): Quota | null {
  if (e === null) return null;
  return { assigned: read(e.getAttribute("assigned")), quota: read(e.getAttribute("quota")), used: read(e.getAttribute("used")) };
}

function sessionsOf(e: XmlElement | null): ReportedSession[] | null {
  if (e === null) return null;
  return childElements(e, "session").map((s) => ({
    service: s.getAttribute("service") ?? "?",
    label: s.getAttribute("label") ?? "",
    state: s.getAttribute("state") ?? "CAP_HANDED_OUT",
  }));
}

/** The children of a `<state>` report, in the report's order; none when the root is not `<state>`. */
export function readState(root: XmlElement | null): ReportedChild[] {
  if (root === null || root.tagName !== "state") return [];
  const out: ReportedChild[] = [];
  for (const c of childElements(root, "child")) {
    const name = c.getAttribute("name");
    if (name === null || name === "") continue;
    const exited = c.getAttribute("exited");
    out.push({
      name,
      binary: c.getAttribute("binary") ?? name,
      version: c.getAttribute("version") ?? "",
      reportedState: c.getAttribute("state") ?? "",
      exitCode: exited === null ? null : Number(exited),
      skippedHeartbeats: parseCount(c.getAttribute("skipped_heartbeats")) ?? 0,
      sha256: c.getAttribute("binary_sha256") ?? "",
      origin: c.getAttribute("binary_origin") ?? "",
      ram: quotaOf(childElement(c, "ram"), parseByteSize),
      caps: quotaOf(childElement(c, "caps"), parseCount),
      requested: sessionsOf(childElement(c, "requested")),
      provided: sessionsOf(childElement(c, "provided")),
    });
  }
  return out;
}

/** A session a child requested, with the sibling that serves it (null: its parent does). */
export interface RoutedSession extends ReportedSession {
  client: string;
  server: string | null;
}

/**
 * Pairs each requested session with the sibling whose `<provided>` lists it: the report names no
 * server, but a served session appears under both, with the same service and label. What no
 * sibling provides went to the parent (forwarded, or served by init itself: its config ROMs).
 */
export function routeSessions(children: ReportedChild[]): RoutedSession[] {
  const providers = new Map<string, string[]>(); // "service\0label" -> servers, one entry per session
  for (const c of children) {
    for (const s of c.provided ?? []) {
      const key = s.service + "\0" + s.label;
      const list = providers.get(key) ?? [];
      list.push(c.name);
      providers.set(key, list);
    }
  }
  const out: RoutedSession[] = [];
  for (const c of children) {
    for (const s of c.requested ?? []) {
      const servers = providers.get(s.service + "\0" + s.label);
      const server = servers !== undefined && servers.length > 0 ? servers.shift()! : null;
      out.push({ ...s, client: c.name, server });
    }
  }
  return out;
}
