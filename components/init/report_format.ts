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

export function sessionNode(service: string, label: string, state: string, ram: u64, caps: u64): string {
  return "<session" + attr("service", service) + attr("label", label) + attr("state", state) +
    attr("ram", byteSize(ram)) + attr("caps", caps.toString()) + "/>";
}
