// XML config parser: elements, attributes, comments, declarations, CDATA and entities into a Node tree; never traps.
import { Attr, Node, ParseResult, MAX_DEPTH } from "./node.ts";
import { CHAR_AMP, CHAR_APOS, CHAR_BANG, CHAR_BOM, CHAR_CR, CHAR_EQUALS, CHAR_GT, CHAR_HASH, CHAR_LF, CHAR_LT, CHAR_QUESTION, CHAR_QUOTE, CHAR_SEMICOLON, CHAR_SLASH, CHAR_SPACE, CHAR_TAB, describeChar, isSpace } from "./chars.ts";
import { TextBuilder, parseCharCode } from "./xml_text.ts";
import { XmlScanner } from "./xml_scanner.ts";

/** Longest entity reference we look for a ';' in, so a stray '&' is reported where it is. */
const MAX_ENTITY_LENGTH: i32 = 12;

export function parseXml(text: string): ParseResult {
  return new XmlParser(text).parse();
}

function isNameStart(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c == 0x5f /* _ */ || c == 0x3a /* : */ || c >= 0x80;
}

function isNameChar(c: i32): bool {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2d /* - */ || c == 0x2e /* . */;
}

class XmlParser extends XmlScanner {

  parse(): ParseResult {
    if (this.peek() == CHAR_BOM) this.pos++;
    if (!this.checkCharacters()) return this.failure();
    if (!this.skipMisc("before the root element")) return this.failure();
    if (this.atEnd()) {
      this.fail("empty input: expected a root element");
      return this.failure();
    }
    if (this.peek() != CHAR_LT) {
      this.fail("expected '<' to start the root element but found " + describeChar(this.peek()));
      return this.failure();
    }
    const root = this.parseElement();
    if (root === null) return this.failure();
    if (!this.skipMisc("after the root element")) return this.failure();
    if (!this.atEnd()) {
      if (this.peek() == CHAR_LT && isNameStart(this.peekAt(1))) {
        this.fail("second root element after <" + root.type + "> (a document has exactly one)");
      } else {
        this.fail("junk after the root element <" + root.type + ">: found " + describeChar(this.peek()));
      }
      return this.failure();
    }
    return new ParseResult(root);
  }

  /** XML allows no control characters but tab, LF and CR, not even as references; reject them up front. */
  checkCharacters(): bool {
    const text = this.text;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 || c == CHAR_TAB || c == CHAR_CR) continue;
      if (c == CHAR_LF) {
        line++;
        lineStart = i + 1;
        continue;
      }
      this.failAt("control character " + describeChar(c) + " is not allowed in XML", line, i - lineStart + 1);
      return false;
    }
    return true;
  }

  // ---- cursor ----

  /** Skips whitespace, comments and processing instructions (like <?xml ...?>) around the root element. */
  // ---- markup outside elements ----

  skipMisc(where: string): bool {
    while (true) {
      this.skipSpace();
      if (this.startsWith("<!--")) {
        if (!this.skipComment()) return false;
      } else if (this.startsWith("<?")) {
        if (!this.skipProcessingInstruction()) return false;
      } else if (this.startsWith("<!")) {
        this.fail("unsupported markup '<!' " + where + " (only comments are allowed)");
        return false;
      } else {
        return true;
      }
    }
  }

  skipComment(): bool {
    const line = this.line;
    const column = this.column();
    const close = this.text.indexOf("-->", this.pos + 4);
    if (close < 0) {
      this.failAt("unterminated comment: missing '-->'", line, column);
      return false;
    }
    this.advanceTo(close + 3);
    return true;
  }

  skipProcessingInstruction(): bool {
    const line = this.line;
    const column = this.column();
    const close = this.text.indexOf("?>", this.pos + 2);
    if (close < 0) {
      this.failAt("unterminated declaration or processing instruction: missing '?>'", line, column);
      return false;
    }
    this.advanceTo(close + 2);
    return true;
  }

  // ---- elements ----

  parseName(): string {
    const from = this.pos;
    if (!isNameStart(this.peek())) return "";
    let i = from + 1;
    while (isNameChar(this.text.charCodeAt(i))) i++;
    this.advanceTo(i);
    return this.text.substring(from, i);
  }

  /** Parses the element at '<' and everything inside it, iteratively so deep nesting cannot exhaust the stack. */
  parseElement(): Node | null {
    const open = new Array<Node>(); // elements whose end tag is pending
    const texts = new Array<TextBuilder>();
    let root: Node | null = null;
    while (true) {
      // at '<' of a start tag
      const node = this.parseStartTag();
      if (node === null) return null;
      if (open.length > 0) unchecked(open[open.length - 1]).children.push(node);
      else root = node;
      if (node.end == 0) {
        // not self-closing: its content follows
        if (open.length >= MAX_DEPTH) {
          this.failAt("elements nested deeper than " + MAX_DEPTH.toString() + " levels", node.line, node.column);
          return null;
        }
        open.push(node);
        texts.push(new TextBuilder());
      }
      // content until the next start tag, or until all open elements are closed
      while (true) {
        if (open.length == 0) return root;
        const current = unchecked(open[open.length - 1]);
        const text = unchecked(texts[texts.length - 1]);
        if (!this.parseText(text)) return null;
        if (this.atEnd()) {
          this.fail("unexpected end of input: <" + current.type + "> opened at line " + current.line.toString() + ":" + current.column.toString() + " is not closed");
          return null;
        }
        // at '<'
        const next = this.peekAt(1);
        if (this.startsWith("<!--")) {
          if (!this.skipComment()) return null;
        } else if (this.startsWith("<![CDATA[")) {
          if (!this.parseCdata(text)) return null;
        } else if (next == CHAR_QUESTION) {
          if (!this.skipProcessingInstruction()) return null;
        } else if (next == CHAR_BANG) {
          this.fail("unsupported markup '<!' inside <" + current.type + "> (expected a comment or CDATA section)");
          return null;
        } else if (next == CHAR_SLASH) {
          if (!this.parseEndTag(current)) return null;
          current.text = text.result();
          open.pop();
          texts.pop();
        } else if (isNameStart(next)) {
          break; // a child element: back to the start-tag parsing above
        } else {
          this.advance(1);
          this.fail("expected an element name after '<' but found " + describeChar(next));
          return null;
        }
      }
    }
  }

  /** Parses "<name attr="v" ...>" or "<name .../>"; a self-closing element gets its end offset set. */
  parseStartTag(): Node | null {
    const start = this.pos;
    const node = new Node("", this.line, this.column());
    node.start = start;
    this.advance(1); // '<'
    const name = this.parseName();
    if (name.length == 0) {
      this.fail("expected an element name after '<' but found " + describeChar(this.peek()));
      return null;
    }
    node.type = name;
    while (true) {
      const spaced = this.skipSpace();
      const c = this.peek();
      if (c == CHAR_GT) {
        this.advance(1);
        return node;
      }
      if (c == CHAR_SLASH) {
        if (this.peekAt(1) != CHAR_GT) {
          this.advance(1);
          this.fail("expected '>' after '/' in tag <" + name + "> but found " + describeChar(this.peek()));
          return null;
        }
        this.advance(2);
        node.end = this.pos;
        return node;
      }
      if (c < 0) {
        this.failAt("unexpected end of input inside the tag <" + name + ">", node.line, node.column);
        return null;
      }
      if (!isNameStart(c)) {
        this.fail("expected an attribute name, '>' or '/>' in tag <" + name + "> but found " + describeChar(c));
        return null;
      }
      if (!spaced) {
        this.fail("missing whitespace before attribute in tag <" + name + ">");
        return null;
      }
      if (!this.parseAttribute(node)) return null;
    }
  }

  /** Parses name="value" (or '...') into node, rejecting duplicates. */
  parseAttribute(node: Node): bool {
    const line = this.line;
    const column = this.column();
    const name = this.parseName();
    this.skipSpace();
    if (this.peek() != CHAR_EQUALS) {
      this.fail("expected '=' after attribute name '" + name + "' but found " + describeChar(this.peek()));
      return false;
    }
    this.advance(1);
    this.skipSpace();
    const quote = this.peek();
    if (quote != CHAR_QUOTE && quote != CHAR_APOS) {
      this.fail("expected a quoted value for attribute '" + name + "' but found " + describeChar(quote));
      return false;
    }
    this.advance(1);
    const value = new TextBuilder();
    while (true) {
      const c = this.peek();
      if (c < 0) {
        this.failAt("unterminated value of attribute '" + name + "': missing closing " + describeChar(quote), line, column);
        return false;
      }
      if (c == quote) break;
      if (c == CHAR_LT) {
        this.fail("'<' is not allowed in the value of attribute '" + name + "' (write &lt;)");
        return false;
      }
      if (c == CHAR_AMP) {
        if (!this.parseReference(value)) return false;
        continue;
      }
      const from = this.pos;
      let i = from;
      while (true) {
        const d = this.text.charCodeAt(i);
        if (d < 0 || d == quote || d == CHAR_LT || d == CHAR_AMP) break;
        i++;
      }
      this.advanceTo(i);
      value.add(this.text.substring(from, i), true);
    }
    this.advance(1); // closing quote
    if (node.has(name)) {
      this.failAt("duplicate attribute '" + name + "' in tag <" + node.type + ">", line, column);
      return false;
    }
    node.attrs.push(new Attr(name, value.parts.join(""), line, column));
    return true;
  }

  /** Parses "</name>" for the innermost open element. */
  parseEndTag(current: Node): bool {
    const line = this.line;
    const column = this.column();
    this.advance(2); // '</'
    const name = this.parseName();
    this.skipSpace();
    if (name != current.type || this.peek() != CHAR_GT) {
      const found = name.length > 0 && this.peek() == CHAR_GT ? "'</" + name + ">'" : name.length > 0 ? "'</" + name + "' followed by " + describeChar(this.peek()) : describeChar(this.peek()) + " after '</'";
      this.failAt("expected '</" + current.type + ">' but found " + found, line, column);
      return false;
    }
    this.advance(1);
    current.end = this.pos;
    return true;
  }

  /** Character data up to the next '<' (or the end), with references resolved. */
  parseText(text: TextBuilder): bool {
    while (true) {
      const c = this.peek();
      if (c < 0 || c == CHAR_LT) return true;
      if (c == CHAR_AMP) {
        if (!this.parseReference(text)) return false;
        continue;
      }
      // a run of plain characters: whitespace-only runs matter only between significant text
      const from = this.pos;
      let i = from;
      while (true) {
        const d = this.text.charCodeAt(i);
        if (d < 0 || d == CHAR_LT || d == CHAR_AMP) break;
        i++;
      }
      this.advanceTo(i);
      const run = this.text.substring(from, i);
      let lead = 0;
      while (lead < run.length && isSpace(run.charCodeAt(lead))) lead++;
      let trail = run.length;
      while (trail > lead && isSpace(run.charCodeAt(trail - 1))) trail--;
      text.add(run.substring(0, lead), false);
      text.add(run.substring(lead, trail), true);
      text.add(run.substring(trail), false);
    }
  }

  parseCdata(text: TextBuilder): bool {
    const line = this.line;
    const column = this.column();
    const from = this.pos + 9; // after '<![CDATA['
    const close = this.text.indexOf("]]>", from);
    if (close < 0) {
      this.failAt("unterminated CDATA section: missing ']]>'", line, column);
      return false;
    }
    text.add(this.text.substring(from, close), true);
    this.advanceTo(close + 3);
    return true;
  }

  /** Resolves &lt; &gt; &amp; &quot; &apos; &#N; &#xH; at '&'. */
  parseReference(out: TextBuilder): bool {
    const semicolon = this.text.indexOf(";", this.pos + 1);
    if (semicolon < 0 || semicolon - this.pos > MAX_ENTITY_LENGTH) {
      this.fail("'&' must start an entity reference like &amp; (missing ';')");
      return false;
    }
    const name = this.text.substring(this.pos + 1, semicolon);
    let value = "";
    if (name == "lt") value = "<";
    else if (name == "gt") value = ">";
    else if (name == "amp") value = "&";
    else if (name == "quot") value = "\"";
    else if (name == "apos") value = "'";
    else if (name.length > 1 && name.charCodeAt(0) == CHAR_HASH) {
      const code = parseCharCode(name);
      if (code < 0) {
        this.fail("invalid character reference '&" + name + ";'");
        return false;
      }
      value = String.fromCodePoint(code);
    } else {
      this.fail("unknown entity '&" + name + ";'");
      return false;
    }
    this.advanceTo(semicolon + 1);
    out.add(value, true);
    return true;
  }
}
