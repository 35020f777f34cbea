// Init as a server (a nested init's <service> forwarding): which child serves a session its parent asks for, by which policy.
//
// What Genode's init does (sandbox library: server.cc), in our words: a session request from init's
// parent keeps its label exactly as the parent sent it (init puts nothing in front). The first
// <service> of that name is looked at; its policies are ranked as a server ranks them
// (os/session_policy.h: `label` beats `label_prefix` beats `label_suffix`, longer beats shorter),
// falling back to <default-policy>. The chosen policy's <child name> serves the session, with the
// label unchanged unless the <child> carries `label`, which replaces it. No <service> of that name,
// or a named child that does not provide the service (yet), leaves the request waiting; no policy,
// or a policy without <child>, denies it.
import { Node } from "../../lib/config/node.ts";
import { selectPolicy } from "../../lib/policy.ts";
import { InitConfig } from "./config_model.ts";

export enum ForwardKind {
  /** Forwarded to `child`. */
  Child = 0,
  /** Denied: no policy matches, or the matching one names no child. */
  Denied = 1,
  /** Left waiting: no <service> of that name, or its child does not provide it. */
  Waiting = 2,
}

/** Where init forwards one session of its parent's, and why. */
export class ForwardDecision {
  kind: ForwardKind = ForwardKind.Waiting;
  /** The <service> node that took the request. */
  service: Node | null = null;
  /** The <policy> or <default-policy> that matched. */
  policy: Node | null = null;
  /** The serving child (kind Child, and for Waiting when a policy named one). */
  child: string = "";
  /** The label the serving child sees. */
  label: string = "";
  /** Why the request is denied or waits. */
  reason: string = "";
}

/** The <service name> that takes init's parent's requests for `service`: the first of that name, or null. */
export function forwardingService(config: InitConfig, service: string): Node | null {
  for (let i = 0; i < config.services.length; i++) {
    const s = unchecked(config.services[i]);
    if (s.attributeOr("name", "") == service) return s;
  }
  return null;
}

/** Where init forwards a session its parent asks for with `label` (exactly as the parent sends it). */
export function forwardRequest(config: InitConfig, service: string, label: string): ForwardDecision {
  const d = new ForwardDecision();
  const node = forwardingService(config, service);
  if (node === null) {
    d.reason = "init has no <service name=\"" + service + "\">, so the request waits";
    return d;
  }
  d.service = node;
  const policy = selectPolicy(node, label);
  if (policy === null) {
    d.kind = ForwardKind.Denied;
    d.reason = "no <policy> matches the label \"" + label + "\" and there is no <default-policy>";
    return d;
  }
  d.policy = policy;
  const target = policy.child("child");
  if (target === null) {
    d.kind = ForwardKind.Denied;
    d.reason = "the matching <" + policy.type + "> names no <child>";
    return d;
  }
  d.child = target.attributeOr("name", "");
  d.label = target.attributeOr("label", label);
  const start = config.start(d.child);
  if (start === null) {
    d.reason = "there is no child \"" + d.child + "\", so the request waits";
    return d;
  }
  if (!start.provide(service)) {
    d.reason = "\"" + d.child + "\" does not provide " + service + " (no <provides><service name=\"" + service + "\">), so the request waits";
    return d;
  }
  d.kind = ForwardKind.Child;
  return d;
}
