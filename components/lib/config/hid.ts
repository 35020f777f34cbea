// HID config parser (Genode's human-inclined data syntax) into the same Node tree as XML; never traps.
//
// The syntax, as used here: the first line holds the top-level node type (column 1), the
// document ends with a line starting with '-'. Each line splits at '|' into segments; a
// segment's indentation is the column of its first non-space character. Segment kinds:
//   "+ type [name]"  sub node, nested under the closest open node that is indented less
//   "x type [name]"  disabled sub node: checked, but left out of the tree with all it holds
//   "tag: value"     attribute of the innermost open node (value trimmed, may not hold '|')
//   ". comment"      comment to the end of the line (may hold '|')
//   ": content"      quoted content to the end of the line (may hold '|' and tabs)
// Empty segments (leading '|' for visual scoping) mean nothing. After a node type, text of
// the form "tag: value" is an attribute; any other text is the node's name attribute.
// This parser is strict (the way offline checking is): it reports the first syntax error.
import { Attr, Node, ParseResult, MAX_DEPTH } from "./node.ts";
import { CHAR_COLON, CHAR_CR, CHAR_DEL, CHAR_DOT, CHAR_LF, CHAR_MINUS, CHAR_PIPE, CHAR_PLUS, CHAR_SPACE, CHAR_TAB, CHAR_UNDERSCORE, CHAR_X, describeChar } from "./chars.ts";


export function parseHid(text: string): ParseResult {
  return new HidParser(text).parse();
}

function isLower(c: i32): bool {
  return c >= 0x61 && c <= 0x7a;
}

/** Node types and attribute tags: a lower-case letter, then lower-case letters, digits, '_' and '-'. */
function isIdentChar(c: i32): bool {
  return isLower(c) || (c >= 0x30 && c <= 0x39) || c == CHAR_UNDERSCORE || c == CHAR_MINUS;
}

/** One open node while parsing, with what decides where the following segments go. */
class Scope {
  constructor(
    public node: Node,
    public indent: i32, // column (0-based) of its '+'/'x'; -1 for the top-level node
    public disabled: bool,
    public quoted: bool = false, // has quoted content, so it may not get sub nodes
    public lines: Array<string> = new Array<string>(), // quoted content, joined when the node closes
  ) {}

  close(): void {
    if (this.quoted) this.node.text = this.lines.join("\n");
  }
}

class HidParser {
  scopes: Array<Scope> = new Array<Scope>();
  root: Node | null = null;
  ended: bool = false;
  line: i32 = 0; // current line, 1-based
  lineOffset: i32 = 0; // offset of the current line in the text
  lineText: string = ""; // current line without its line ending
  error: string = "";
  errorLine: i32 = 0;
  errorColumn: i32 = 0;

  constructor(public text: string) {}

  parse(): ParseResult {
    const text = this.text;
    let offset = 0;
    while (offset < text.length) {
      let lineEnd = text.indexOf("\n", offset);
      const next = lineEnd < 0 ? text.length : lineEnd + 1;
      if (lineEnd < 0) lineEnd = text.length;
      // tolerate CRLF line endings
      const contentEnd = lineEnd > offset && text.charCodeAt(lineEnd - 1) == CHAR_CR ? lineEnd - 1 : lineEnd;
      this.line++;
      this.lineOffset = offset;
      this.lineText = text.substring(offset, contentEnd);
      if (!this.parseLine()) return this.failure();
      offset = next;
    }
    const root = this.root;
    if (root === null) {
      this.fail("empty input: expected a top-level node type", max(this.line, 1), 1);
      return this.failure();
    }
    if (!this.ended) {
      this.fail("missing end marker '-' at the start of a line after <" + root.type + ">", max(this.line, 1), this.lineText.length + 1);
      return this.failure();
    }
    return new ParseResult(root);
  }

  fail(message: string, line: i32, column: i32): bool {
    if (this.error.length == 0) {
      this.error = message;
      this.errorLine = line;
      this.errorColumn = column;
    }
    return false;
  }

  /** Fails at a 0-based position in the current line. */
  failHere(message: string, index: i32): bool {
    return this.fail(message, this.line, index + 1);
  }

  failure(): ParseResult {
    return ParseResult.failure(this.error, this.errorLine, this.errorColumn);
  }

  charAt(i: i32): i32 {
    return this.lineText.charCodeAt(i); // -1 past the end
  }

  parseLine(): bool {
    const s = this.lineText;
    const first = this.charAt(0);
    let blank = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) != CHAR_SPACE) blank = false;
    if (blank) return true;
    if (this.ended) return this.failHere("unexpected text after the end marker '-'", 0);
    if (this.root === null) {
      if (!isLower(first)) {
        if (first == CHAR_DOT) return this.failHere("comments may not appear above the top-level node", 0);
        if (first == CHAR_SPACE) return this.failHere("the top-level node type must start at column 1", 0);
        return this.failHere("expected the top-level node type (a lower-case letter) but found " + describeChar(first), 0);
      }
      const end = this.segmentEnd(0);
      if (!this.checkControl(0, end, false)) return false;
      const root = new Node("", this.line, 1);
      root.start = this.lineOffset;
      if (!this.parseNodeHead(root, 0, end)) return false;
      this.root = root;
      this.scopes.push(new Scope(root, -1, false));
      return this.parseSegments(end);
    }
    if (first == CHAR_MINUS) {
      for (let i = 1; i < s.length; i++) {
        if (s.charCodeAt(i) != CHAR_SPACE) return this.failHere("unexpected text after the end marker '-'", i);
      }
      this.ended = true;
      const root = this.root;
      if (root !== null) {
        this.closeScopes(0);
        this.current().close();
        root.end = this.lineOffset + 1;
      }
      return true;
    }
    if (isLower(first) && !(first == CHAR_X && this.charAt(1) == CHAR_SPACE)) {
      return this.failHere("a line starting with a letter would be a second top-level node (indent attributes by at least one space)", 0);
    }
    return this.parseSegments(0);
  }

  /** End of the segment starting at from: the next '|' or the end of the line. */
  segmentEnd(from: i32): i32 {
    const bar = this.lineText.indexOf("|", from);
    return bar < 0 ? this.lineText.length : bar;
  }

  /** Parses the segments of the current line from index i on. */
  parseSegments(from: i32): bool {
    const s = this.lineText;
    let i = from;
    while (i < s.length) {
      let j = i;
      while (this.charAt(j) == CHAR_SPACE) j++;
      if (j >= s.length) return true;
      const c = this.charAt(j);
      const next = this.charAt(j + 1);
      if (c == CHAR_PIPE) {
        i = j + 1; // empty segment
        continue;
      }
      if (c == CHAR_DOT && (next < 0 || next == CHAR_SPACE || next == CHAR_TAB)) return this.checkControl(j, s.length, true);
      if (c == CHAR_COLON && (next < 0 || next == CHAR_SPACE)) {
        if (!this.checkControl(j, s.length, true)) return false;
        return this.addQuoted(j, next < 0 ? "" : s.substring(j + 2));
      }
      const end = this.segmentEnd(j);
      if (!this.checkControl(j, end, false)) return false;
      if (c == CHAR_PLUS || c == CHAR_X) {
        if (next == CHAR_SPACE) {
          if (!this.addNode(j, end, c == CHAR_X)) return false;
        } else if (c == CHAR_PLUS) {
          return this.failHere("expected a space after '+'", j + 1);
        } else if (!this.addAttribute(j, end)) {
          return false;
        }
      } else if (isLower(c)) {
        if (!this.addAttribute(j, end)) return false;
      } else {
        return this.failHere("unexpected " + describeChar(c) + " (expected '+ node', 'tag: value', '. comment' or ': content')", j);
      }
      i = end + 1;
    }
    return true;
  }

  /** Rejects control characters in [from, end); tabs are fine in comments and quoted content. */
  checkControl(from: i32, end: i32, tabsAllowed: bool): bool {
    for (let i = from; i < end; i++) {
      const c = this.charAt(i);
      if (c == CHAR_TAB && tabsAllowed) continue;
      if (c == CHAR_TAB) return this.failHere("tab character (only comments and quoted content may hold tabs; indent with spaces)", i);
      if (c < 0x20 || c == CHAR_DEL) return this.failHere("control character " + describeChar(c), i);
    }
    return true;
  }

  /** The segment's text with trailing spaces dropped: its end index. */
  trimEnd(from: i32, end: i32): i32 {
    while (end > from && this.charAt(end - 1) == CHAR_SPACE) end--;
    return end;
  }

  /** "type", "type name" or "type tag: value" in [from, end) into node. */
  parseNodeHead(node: Node, from: i32, end: i32): bool {
    end = this.trimEnd(from, end);
    if (!isLower(this.charAt(from))) {
      return this.failHere("expected a node type (starting with a lower-case letter) but found " + (from < end ? describeChar(this.charAt(from)) : "nothing"), from);
    }
    let i = from;
    while (i < end && isIdentChar(this.charAt(i))) i++;
    node.type = this.lineText.substring(from, i);
    if (i < end && this.charAt(i) != CHAR_SPACE) {
      return this.failHere("invalid character " + describeChar(this.charAt(i)) + " in node type '" + node.type + "'", i);
    }
    while (i < end && this.charAt(i) == CHAR_SPACE) i++;
    if (i >= end) return true;
    if (this.looksLikeAttribute(i, end)) return this.parseAttribute(node, i, end);
    node.attrs.push(new Attr("name", this.lineText.substring(i, end), this.line, i + 1));
    return true;
  }

  /** Whether [from, end) reads "tag:" or "tag: ...". */
  looksLikeAttribute(from: i32, end: i32): bool {
    if (!isLower(this.charAt(from))) return false;
    let i = from;
    while (i < end && isIdentChar(this.charAt(i))) i++;
    return i < end && this.charAt(i) == CHAR_COLON && (i + 1 == end || this.charAt(i + 1) == CHAR_SPACE);
  }

  /** "tag: value" in [from, end) as an attribute of node. */
  parseAttribute(node: Node, from: i32, end: i32): bool {
    end = this.trimEnd(from, end);
    let i = from;
    while (i < end && isIdentChar(this.charAt(i))) i++;
    const tag = this.lineText.substring(from, i);
    if (this.charAt(i) != CHAR_COLON || i >= end) {
      const found = i < end ? describeChar(this.charAt(i)) : "the end of the segment";
      return this.failHere("expected ':' after attribute tag '" + tag + "' but found " + found, i);
    }
    i++;
    if (i < end && this.charAt(i) != CHAR_SPACE) return this.failHere("expected a space after '" + tag + ":'", i);
    while (i < end && this.charAt(i) == CHAR_SPACE) i++;
    if (node.has(tag)) return this.failHere("duplicate attribute '" + tag + "' of <" + node.type + ">", from);
    node.attrs.push(new Attr(tag, this.lineText.substring(i, end), this.line, from + 1));
    return true;
  }

  current(): Scope {
    return unchecked(this.scopes[this.scopes.length - 1]); // never empty once the top-level node exists
  }

  /** Extends the end offsets of the innermost open node to the end of the current segment. */
  touch(scope: Scope, end: i32): void {
    const offset = this.lineOffset + end;
    if (offset > scope.node.end) scope.node.end = offset;
  }

  /** Closes open sub nodes indented at least `indent`, carrying their end offsets to their parents. */
  closeScopes(indent: i32): void {
    while (this.scopes.length > 1) {
      const top = unchecked(this.scopes[this.scopes.length - 1]);
      if (top.indent < indent) return;
      this.scopes.pop();
      top.close();
      const parent = unchecked(this.scopes[this.scopes.length - 1]);
      if (top.node.end > parent.node.end) parent.node.end = top.node.end;
    }
  }

  addNode(at: i32, end: i32, disabled: bool): bool {
    this.closeScopes(at);
    const parent = this.current();
    const node = new Node("", this.line, at + 1);
    node.start = this.lineOffset + at;
    if (!this.parseNodeHead(node, at + 2, end)) return false;
    if (parent.quoted) {
      return this.failHere("sub node <" + node.type + "> cannot follow quoted content of <" + parent.node.type + ">", at);
    }
    if (this.scopes.length >= MAX_DEPTH) return this.failHere("nodes nested deeper than " + MAX_DEPTH.toString() + " levels", at);
    const off = disabled || parent.disabled;
    if (!off) parent.node.children.push(node);
    const scope = new Scope(node, at, off);
    this.scopes.push(scope);
    this.touch(scope, this.trimEnd(at, end));
    return true;
  }

  addAttribute(at: i32, end: i32): bool {
    const scope = this.current();
    const node = scope.node;
    if (at < scope.indent) {
      return this.failHere("attribute is indented less than its node <" + node.type + "> (column " + (scope.indent + 1).toString() + ")", at);
    }
    if (scope.quoted) {
      return this.failHere("attribute after the quoted content of <" + node.type + "> (attributes come first)", at);
    }
    if (!this.parseAttribute(node, at, end)) return false;
    this.touch(scope, this.trimEnd(at, end));
    return true;
  }

  addQuoted(at: i32, content: string): bool {
    const scope = this.current();
    const node = scope.node;
    // sub nodes close when a less indented segment follows, so there can be none beside this content yet
    if (at < scope.indent) {
      return this.failHere("quoted content is indented less than its node <" + node.type + "> (column " + (scope.indent + 1).toString() + ")", at);
    }
    scope.lines.push(content);
    scope.quoted = true;
    this.touch(scope, this.lineText.length);
    return true;
  }
}
