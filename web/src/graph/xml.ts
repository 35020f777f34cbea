// The little of an XML DOM the graph's model reads, so the model runs on the page's DOMParser and on xmldom in tests alike.

/** A node of a parsed document: only elements (nodeType 1) matter here. */
export interface XmlNode {
  readonly nodeType: number;
}

/** An element as both the browser's DOM and xmldom offer it. */
export interface XmlElement extends XmlNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  readonly childNodes: { readonly length: number; item(index: number): XmlNode | null };
}

/** Parses XML text to its root element; null when the text is not well-formed XML. */
export type ParseXml = (text: string) => XmlElement | null;

const ELEMENT_NODE = 1;

/** The element children of `e`, optionally only those named `tag`. */
export function childElements(e: XmlElement, tag?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < e.childNodes.length; i++) {
    const n = e.childNodes.item(i);
    if (n === null || n.nodeType !== ELEMENT_NODE) continue;
    const child = n as XmlElement;
    if (tag === undefined || child.tagName === tag) out.push(child);
  }
  return out;
}

/** The first element child named `tag`, or null. */
export function childElement(e: XmlElement, tag: string): XmlElement | null {
  return childElements(e, tag)[0] ?? null;
}

/** Parses `text` when there is any; a parser that throws counts as malformed. */
export function parseOrNull(parse: ParseXml, text: string | null | undefined): XmlElement | null {
  if (text === null || text === undefined || text.trim() === "") return null;
  try {
    return parse(text);
  } catch {
    return null;
  }
}

/**
 * Genode's byte-size notation ("0", "4K", "2M", "1G", or plain bytes) as bytes; null when absent or
 * not a size.
 */
export function parseByteSize(text: string | null): number | null {
  if (text === null) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)\s*$/i.exec(text);
  if (m === null) return null;
  const unit = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as "" | "K" | "M" | "G"];
  return Math.round(Number(m[1]) * unit);
}

/** A plain count ("91"); null when absent or not a number. */
export function parseCount(text: string | null): number | null {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}
