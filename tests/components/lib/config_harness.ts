// Test harness for the config parsers: string-in, string-out exports that Vitest calls through the loader.
import { Node, ParseResult, parseConfig, parseHid, parseXml } from "../../../components/lib/config/parse.ts";

function render(result: ParseResult): string {
  const node = result.node;
  if (result.ok() && node !== null) return node.toXml();
  return "ERROR " + result.line.toString() + ":" + result.column.toString() + ": " + result.error;
}

/** Canonical XML of the config (syntax detected), or "ERROR line:column: message". */
export function parseToXml(text: string): string {
  return render(parseConfig(text));
}

export function parseXmlToXml(text: string): string {
  return render(parseXml(text));
}

export function parseHidToXml(text: string): string {
  return render(parseHid(text));
}

export function describe(text: string, file: string): string {
  return parseConfig(text).describe(file);
}

/**
 * What the fuzzer checks inside the module: an error must carry a position (line, column >= 1)
 * and a message; a tree must survive toXml -> parseXml -> toXml unchanged. "" when all holds.
 */
export function check(text: string): string {
  const result = parseConfig(text);
  const node = result.node;
  if (!result.ok() || node === null) {
    if (result.line < 1 || result.column < 1 || result.error.length == 0) return "error without position: " + render(result);
    return "";
  }
  const xml = node.toXml();
  const again = parseXml(xml);
  const second = again.node;
  if (!again.ok() || second === null) return "canonical XML does not parse: " + render(again) + "\n" + xml;
  if (second.toXml() != xml) return "canonical XML is not stable:\n" + xml;
  return "";
}

function preorder(node: Node, out: Array<Node>): void {
  out.push(node);
  for (let i = 0; i < node.children.length; i++) preorder(node.children[i], out);
}

function nodes(text: string): Array<Node> {
  const out = new Array<Node>();
  const node = parseConfig(text).node;
  if (node !== null) preorder(node, out);
  return out;
}

function dumpNode(node: Node, indent: string, out: Array<string>): void {
  let line = indent + node.type + "@" + node.line.toString() + ":" + node.column.toString();
  line += " [" + node.start.toString() + "," + node.end.toString() + ")";
  for (let i = 0; i < node.attrs.length; i++) {
    const a = node.attrs[i];
    line += " " + a.name + "=" + a.value + "@" + a.line.toString() + ":" + a.column.toString();
  }
  if (node.text.length > 0) line += " text=" + JSON_quote(node.text);
  out.push(line);
  for (let i = 0; i < node.children.length; i++) dumpNode(node.children[i], indent + "  ", out);
}

function JSON_quote(s: string): string {
  return "\"" + s.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\"", "\\\"") + "\"";
}

/** One line per node: type@line:column [start,end) name=value@line:column ... text="..." */
export function dumpTree(text: string): string {
  const result = parseConfig(text);
  const node = result.node;
  if (node === null) return render(result);
  const out = new Array<string>();
  dumpNode(node, "", out);
  return out.join("\n");
}

export function nodeCount(text: string): i32 {
  return nodes(text).length;
}

/** The source text of the index-th node in document order (its [start, end) slice). */
export function subtreeSlice(text: string, index: i32): string {
  const all = nodes(text);
  if (index < 0 || index >= all.length) return "";
  const node = all[index];
  return text.substring(node.start, node.end);
}

export function subtreeXml(text: string, index: i32): string {
  const all = nodes(text);
  if (index < 0 || index >= all.length) return "";
  return all[index].toXml();
}

function root(text: string): Node {
  const node = parseConfig(text).node;
  return node !== null ? node : new Node("none");
}

export function rootAttr(text: string, name: string): string {
  const v = root(text).attribute(name);
  return v !== null ? v : "<absent>";
}

export function rootAttrU64(text: string, name: string, dflt: u64): u64 {
  return root(text).attributeU64(name, dflt);
}

export function rootAttrI64(text: string, name: string, dflt: i64): i64 {
  return root(text).attributeI64(name, dflt);
}

export function rootAttrBool(text: string, name: string, dflt: bool): bool {
  return root(text).attributeBool(name, dflt);
}

/** "<type>:<count>:<canonical XML of the first>" for root.childrenOf(type) and root.child(type). */
export function rootChildren(text: string, type: string): string {
  const r = root(text);
  const first = r.child(type);
  return type + ":" + r.childrenOf(type).length.toString() + ":" + (first !== null ? first.toXml() : "<none>");
}

/** For every node: parsing its [start, end) slice as XML gives the node again. "" when all hold. */
export function checkSlices(text: string): string {
  const all = nodes(text);
  for (let i = 0; i < all.length; i++) {
    const node = all[i];
    const slice = text.substring(node.start, node.end);
    const again = parseXml(slice).node;
    if (again === null || again.toXml() != node.toXml()) return "node " + i.toString() + " <" + node.type + "> slices to:\n" + slice;
  }
  return all.length > 0 ? "" : "no nodes";
}
