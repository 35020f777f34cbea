// The config tree shared by the XML and HID parsers: nodes, attributes, typed accessors, canonical XML, parse results.
import { CHAR_CR, CHAR_LF, CHAR_SPACE, CHAR_TAB } from "./chars.ts";
import { escapeXml } from "../xml_escape.ts";

/** Deepest nesting either parser accepts; keeps recursion over a tree (toXml) far from the Wasm stack limit. */
export const MAX_DEPTH: i32 = 200;


export class Attr {
  constructor(
    public name: string,
    public value: string,
    /** 1-based position of the attribute's name (HID: of the node name for the name shorthand). */
    public line: i32 = 0,
    public column: i32 = 0,
  ) {}
}

export class Node {
  attrs: Array<Attr> = new Array<Attr>();
  children: Array<Node> = new Array<Node>();
  /**
   * Character offsets [start, end) of the whole element in the source text: text.substring(start, end).
   * XML: from '<' through the '>' of the end tag. HID: from the '+' (column 1 for the top-level node)
   * through the last segment belonging to the node or its sub nodes (the top level includes its '-').
   */
  start: i32 = 0;
  end: i32 = 0;
  /**
   * Text content, unescaped. XML: all character data and CDATA directly inside this element,
   * concatenated; literal whitespace at both ends is trimmed (whitespace written as a character
   * reference or inside CDATA is kept), so indentation-only text is "". HID: the quoted-content
   * lines (": ..."), joined with "\n", exactly as written.
   */
  text: string = "";

  constructor(public type: string, public line: i32 = 0, public column: i32 = 0) {}

  attribute(name: string): string | null {
    for (let i = 0; i < this.attrs.length; i++) {
      const a = unchecked(this.attrs[i]);
      if (a.name == name) return a.value;
    }
    return null;
  }

  has(name: string): bool {
    return this.attribute(name) !== null;
  }

  attributeOr(name: string, dflt: string): string {
    const v = this.attribute(name);
    return v !== null ? v : dflt;
  }

  /** Genode number syntax: decimal or 0x-hex, optional K/M/G (x1024^n); malformed or overflowing gives dflt. */
  attributeU64(name: string, dflt: u64): u64 {
    const v = this.attribute(name);
    if (v === null) return dflt;
    return parseNumber(v, dflt);
  }

  /** Signed variant of attributeU64 (e.g. priority="-1"): a leading '-' negates. */
  attributeI64(name: string, dflt: i64): i64 {
    const v = this.attribute(name);
    if (v === null) return dflt;
    const negative = v.length > 1 && v.charCodeAt(0) == 0x2d;
    // U64.MAX_VALUE is out of i64 range either way, so it doubles as the "malformed" marker
    const magnitude = parseNumber(negative ? v.substring(1) : v, U64.MAX_VALUE);
    if (negative) return magnitude <= <u64>I64.MAX_VALUE + 1 ? <i64>(0 - magnitude) : dflt;
    return magnitude <= <u64>I64.MAX_VALUE ? <i64>magnitude : dflt;
  }

  attributeBool(name: string, dflt: bool): bool {
    const v = this.attribute(name);
    if (v === null) return dflt;
    if (v == "yes" || v == "true" || v == "on" || v == "1") return true;
    if (v == "no" || v == "false" || v == "off" || v == "0") return false;
    return dflt;
  }

  /** First sub node of the given type. */
  child(type: string): Node | null {
    for (let i = 0; i < this.children.length; i++) {
      const c = unchecked(this.children[i]);
      if (c.type == type) return c;
    }
    return null;
  }

  childrenOf(type: string): Array<Node> {
    const result = new Array<Node>();
    for (let i = 0; i < this.children.length; i++) {
      const c = unchecked(this.children[i]);
      if (c.type == type) result.push(c);
    }
    return result;
  }

  /**
   * Canonical XML: attributes in source order as name="value" (& < > " and control characters
   * escaped), an element without text and children as <a/>, text inline as <a>text</a>, children
   * on their own lines indented by two spaces per level (text, if any, on the first such line).
   * Leading/trailing whitespace of text is written as character references, so parsing the output
   * gives the same tree. No trailing newline.
   */
  toXml(): string {
    const out = new Array<string>();
    this.writeXml(out, "");
    return out.join("");
  }

  private writeXml(out: Array<string>, indent: string): void {
    out.push(indent);
    out.push("<");
    out.push(this.type);
    for (let i = 0; i < this.attrs.length; i++) {
      const a = unchecked(this.attrs[i]);
      out.push(" ");
      out.push(a.name);
      out.push("=\"");
      out.push(escapeValue(a.value, true));
      out.push("\"");
    }
    if (this.children.length == 0 && this.text.length == 0) {
      out.push("/>");
      return;
    }
    out.push(">");
    if (this.children.length == 0) {
      out.push(escapeValue(this.text, false));
    } else {
      const inner = indent + "  ";
      if (this.text.length > 0) {
        out.push("\n");
        out.push(inner);
        out.push(escapeValue(this.text, false));
      }
      for (let i = 0; i < this.children.length; i++) {
        out.push("\n");
        unchecked(this.children[i]).writeXml(out, inner);
      }
      out.push("\n");
      out.push(indent);
    }
    out.push("</");
    out.push(this.type);
    out.push(">");
  }
}

function digitValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Parses Genode's number syntax (see attributeU64); returns invalid for anything else. */
export function parseNumber(v: string, invalid: u64): u64 {
  let n = v.length;
  let shift: u64 = 0;
  const last = v.charCodeAt(n - 1);
  if (last == 0x4b /* K */) shift = 10;
  else if (last == 0x4d /* M */) shift = 20;
  else if (last == 0x47 /* G */) shift = 30;
  if (shift != 0) n--;
  let i = 0;
  let base: u64 = 10;
  if (n > 2 && v.charCodeAt(0) == 0x30 && (v.charCodeAt(1) == 0x78 || v.charCodeAt(1) == 0x58)) {
    base = 16;
    i = 2;
  }
  if (i >= n) return invalid;
  let result: u64 = 0;
  for (; i < n; i++) {
    const d = digitValue(v.charCodeAt(i));
    if (d < 0 || <u64>d >= base) return invalid;
    if (result > (U64.MAX_VALUE - <u64>d) / base) return invalid;
    result = result * base + <u64>d;
  }
  if (shift != 0 && result > (U64.MAX_VALUE >> shift)) return invalid;
  return result << shift;
}

function isXmlSpace(c: i32): bool {
  return c == CHAR_SPACE || c == CHAR_TAB || c == CHAR_LF || c == CHAR_CR;
}

/** Escapes markup characters; in text, whitespace at either end becomes a character reference so it survives trimming. */
function escapeValue(s: string, inAttribute: bool): string {
  if (inAttribute) return escapeXml(s, true);
  const n = s.length;
  let first = 0;
  let last = n - 1;
  while (first < n && isXmlSpace(s.charCodeAt(first))) first++;
  while (last >= first && isXmlSpace(s.charCodeAt(last))) last--;
  // Blanks at the edges of text are written as references: a parser keeps them then.
  return escapeBlanks(s.substring(0, first)) + escapeXml(s.substring(first, last + 1), false) + escapeBlanks(s.substring(last + 1, n));
}

function escapeBlanks(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += "&#" + s.charCodeAt(i).toString() + ";";
  return out;
}

/** Outcome of parsing: a tree, or the first error with its 1-based line and column. */
export class ParseResult {
  constructor(
    public node: Node | null = null,
    public error: string = "",
    public line: i32 = 0,
    public column: i32 = 0,
  ) {}

  ok(): bool {
    return this.node !== null && this.error.length == 0;
  }

  /** "file:line:column: message" for an error, "file: ok" otherwise. */
  describe(file: string): string {
    if (this.ok()) return file + ": ok";
    return file + ":" + this.line.toString() + ":" + this.column.toString() + ": " + this.error;
  }

  static failure(error: string, line: i32, column: i32): ParseResult {
    return new ParseResult(null, error, line, column);
  }
}
