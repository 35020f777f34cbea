// Genode's notations in init's state report and messages: byte sizes, attributes, session nodes.
import { escapeXml } from "../lib/xml_escape.ts";

/** Genode's byte-size notation: 0, else G, M or K when it divides exactly, else plain bytes. */
export function byteSize(v: u64): string {
  if (v == 0) return "0";
  if (v % (1 << 30) == 0) return (v >> 30).toString() + "G";
  if (v % (1 << 20) == 0) return (v >> 20).toString() + "M";
  if (v % (1 << 10) == 0) return (v >> 10).toString() + "K";
  return v.toString();
}

/** ` name="value"`, the value escaped as Genode's XML generator does (` -> ` in a label becomes ` -&gt; `). */
export function attr(name: string, value: string): string { return " " + name + "=\"" + escapeXml(value, true) + "\""; }

/**
 * A session's arguments as Genode's report shows them with `session_args`: the quotas and the
 * label the client asked with (init's name for it, "C -> L", before any route rewrites it), then
 * the session's own arguments.
 */
export function sessionArgs(label: string, ram: u64, caps: u64, args: string): string {
  const own = args.length > 0 ? ", " + args : "";
  return "ram_quota=" + ram.toString() + ", cap_quota=" + caps.toString() + ", label=\"" + label + "\"" + own;
}

/** A `<session>` node; `args` (null: none) becomes an `<args>` sub-node, escaped as Genode escapes text (quotes too). */
export function sessionNode(service: string, label: string, state: string, ram: u64, caps: u64, args: string | null = null): string {
  const head = "<session" + attr("service", service) + attr("label", label) + attr("state", state) +
    attr("ram", byteSize(ram)) + attr("caps", caps.toString());
  if (args === null) return head + "/>";
  return head + "><args>" + escapeXml(args, true).replaceAll("'", "&apos;") + "</args></session>";
}
