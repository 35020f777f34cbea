// The XML parser's position in its text: characters ahead, line and column, and the first error.
import { ParseResult } from "./node.ts";
import { CHAR_LF, isSpace } from "./chars.ts";

export class XmlScanner {
  pos: i32 = 0;
  line: i32 = 1;
  lineStart: i32 = 0; // offset of the current line's first character
  error: string = "";
  errorLine: i32 = 0;
  errorColumn: i32 = 0;

  constructor(public text: string) {}

  atEnd(): bool {
    return this.pos >= this.text.length;
  }

  peek(): i32 {
    return this.text.charCodeAt(this.pos); // -1 past the end
  }

  peekAt(offset: i32): i32 {
    return this.text.charCodeAt(this.pos + offset);
  }

  startsWith(s: string): bool {
    return this.text.startsWith(s, this.pos);
  }

  /** Moves to target (>= pos), counting the lines passed. */
  advanceTo(target: i32): void {
    const end = min(target, this.text.length);
    for (let i = this.pos; i < end; i++) {
      if (this.text.charCodeAt(i) == CHAR_LF) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.pos = end;
  }

  advance(n: i32): void {
    this.advanceTo(this.pos + n);
  }

  column(): i32 {
    return this.pos - this.lineStart + 1;
  }

  skipSpace(): bool {
    const from = this.pos;
    let i = from;
    while (isSpace(this.text.charCodeAt(i))) i++;
    this.advanceTo(i);
    return i > from;
  }

  // ---- errors ----

  fail(message: string): void {
    this.failAt(message, this.line, this.column());
  }

  failAt(message: string, line: i32, column: i32): void {
    if (this.error.length > 0) return; // keep the first error
    this.error = message;
    this.errorLine = line;
    this.errorColumn = column;
  }

  failure(): ParseResult {
    return ParseResult.failure(this.error, this.errorLine, this.errorColumn);
  }
}
