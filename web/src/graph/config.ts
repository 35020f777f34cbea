// What an init config says about one component: its <start> node as text and the routes its sessions take.
import { childElement, childElements, type XmlElement, type XmlNode } from "./xml.ts";
import { escapeXml } from "../../../components/lib/xml_escape.ts";

/** One rule of a `<route>` or `<default-route>`, in words: which sessions, and where they go. */
export interface RouteRule {
  /** The service's name, or "any service"; with the rule's label conditions ("ROM label=config"). */
  sessions: string;
  /** The targets in order of preference: "parent", "child timer", "any child". */
  targets: string[];
}

/** A component's part of its init's config. */
export interface StartInfo {
  /** The `<start>` node as indented XML, or null when the config has no start of that name. */
  startXml: string | null;
  /** Where the routes come from: the start's own `<route>`, else the config's `<default-route>`. */
  routeSource: "route" | "default-route" | "none";
  routes: RouteRule[];
}

const LABEL_CONDITIONS = ["label", "label_prefix", "label_suffix", "label_last", "unscoped_label"];

function describeTarget(t: XmlElement): string {
  const name = t.getAttribute("name");
  const label = t.getAttribute("label");
  const base = t.tagName === "child" ? `child ${name ?? "?"}` : t.tagName.replace("-", " ");
  return label !== null ? `${base} (label ${label})` : base;
}

function readRules(route: XmlElement): RouteRule[] {
  return childElements(route).map((rule) => {
    const conditions = LABEL_CONDITIONS.filter((a) => rule.getAttribute(a) !== null).map((a) => `${a}=${rule.getAttribute(a)}`);
    const service = rule.tagName === "service" ? rule.getAttribute("name") ?? "?" : rule.tagName.replace("-", " ");
    return { sessions: [service, ...conditions].join(" "), targets: childElements(rule).map(describeTarget) };
  });
}

/** The start named `name` in `config` (a `<config>` root; null gives nothing). */
export function startInfo(config: XmlElement | null, name: string): StartInfo {
  if (config === null) return { startXml: null, routeSource: "none", routes: [] };
  const start = childElements(config, "start").find((s) => s.getAttribute("name") === name) ?? null;
  const own = start !== null ? childElement(start, "route") : null;
  const fallback = childElement(config, "default-route");
  const route = own ?? fallback;
  return {
    startXml: start !== null ? toXmlText(start) : null,
    routeSource: own !== null ? "route" : fallback !== null ? "default-route" : "none",
    routes: route !== null ? readRules(route) : [],
  };
}

interface TextLike extends XmlNode { readonly nodeValue: string | null }
interface AttributeList { readonly length: number; item(i: number): { name: string; value: string } | null }

/**
 * An element as indented XML: one child element per line, text kept as written (an inline
 * file's content), whitespace between elements dropped. The result is text for textContent.
 */
export function toXmlText(e: XmlElement, indent = ""): string {
  const attrs = (e as unknown as { attributes?: AttributeList }).attributes;
  let head = `${indent}<${e.tagName}`;
  for (let i = 0; attrs !== undefined && i < attrs.length; i++) {
    const a = attrs.item(i);
    if (a !== null) head += ` ${a.name}="${escapeXml(a.value, true)}"`;
  }
  const parts: string[] = [];
  let inlineText = false;
  for (let i = 0; i < e.childNodes.length; i++) {
    const n = e.childNodes.item(i);
    if (n === null) continue;
    if (n.nodeType === 1) parts.push(toXmlText(n as XmlElement, indent + "  "));
    else if (n.nodeType === 3 || n.nodeType === 4) {
      const text = (n as TextLike).nodeValue ?? "";
      if (text.trim() !== "") { parts.push(escapeXml(text, false)); inlineText = true; }
    }
  }
  if (parts.length === 0) return head + "/>";
  // Content with text is printed as written: re-indenting it would change an inline file.
  if (inlineText) return `${head}>${parts.map((p) => p.trimStart()).join("")}</${e.tagName}>`;
  return `${head}>\n${parts.join("\n")}\n${indent}</${e.tagName}>`;
}
