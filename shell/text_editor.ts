// The shell's `edit`: a small full-screen editor, nano's keys: arrows, home/end, page up/down, ^S save, ^X exit, ^K cut a line.
import { Key, decodeEscape, escapeLength } from "./keys.ts";
import { scrollStart, shownPart } from "./scroll.ts";

const ESC: i32 = 0x1b;

export class TextEditor {
  lines: Array<string>;
  row: i32 = 0;
  col: i32 = 0;
  top: i32 = 0;
  modified: bool = false;
  /** Set when the user leaves (^X): the shell takes the terminal back. */
  done: bool = false;
  /** Set by ^S: the shell writes text() to the file and reports with saved(). */
  saveRequested: bool = false;
  private status: string = "";
  private quitArmed: bool = false;
  private out: string = "";
  private pending: string = "";

  constructor(readonly name: string, content: string, public columns: i32, public rows: i32) {
    this.lines = content.split("\n");
    if (this.lines.length > 1 && content.endsWith("\n")) this.lines.pop();
    this.status = "^S save  ^X exit  ^K cut line";
  }

  text(): string { return this.lines.join("\n") + "\n"; }

  saved(error: string): void {
    this.status = error.length == 0 ? "saved " + this.name : "not saved: " + error;
    if (error.length == 0) this.modified = false;
    this.render();
  }

  takeOutput(): string {
    const o = this.out;
    this.out = "";
    return o;
  }

  feed(input: string): void {
    const s = this.pending + input;
    this.pending = "";
    let i = 0;
    while (i < s.length && !this.done) {
      const c = s.charCodeAt(i);
      if (c == ESC) {
        const key = decodeEscape(s, i);
        if (escapeLength == 0) { this.pending = s.substring(i); break; }
        i += escapeLength;
        this.key(key);
        continue;
      }
      i++;
      this.key(c);
      if (this.saveRequested) break;
    }
    if (this.saveRequested && i < s.length) this.pending = s.substring(i);
    if (!this.done) this.render();
  }

  private key(k: i32): void {
    if (k != 0x18) this.quitArmed = false;
    const line = this.lines[this.row];
    switch (k) {
      case Key.Up: this.row--; break;
      case Key.Down: this.row++; break;
      case Key.Left: if (this.col > 0) this.col--; else if (this.row > 0) { this.row--; this.col = this.lines[this.row].length; } break;
      case Key.Right: if (this.col < line.length) this.col++; else if (this.row + 1 < this.lines.length) { this.row++; this.col = 0; } break;
      case Key.Home: case 0x01: this.col = 0; break;
      case Key.End: case 0x05: this.col = line.length; break;
      case Key.PageUp: this.row -= this.height(); break;
      case Key.PageDown: this.row += this.height(); break;
      case Key.Delete: this.deleteForward(); break;
      case 0x7f: case 0x08: this.backspace(); break;
      case 0x0d: case 0x0a:
        this.lines[this.row] = line.substring(0, this.col);
        this.insertLine(this.row + 1, line.substring(this.col));
        this.row++;
        this.col = 0;
        this.modified = true;
        break;
      case 0x0b: // ^K: cut the line
        if (this.lines.length > 1) this.lines.splice(this.row, 1); else this.lines[0] = "";
        this.col = 0;
        this.modified = true;
        break;
      case 0x13: this.saveRequested = true; break; // ^S
      case 0x18: // ^X: leave; with unsaved changes, only when pressed twice
        if (this.modified && !this.quitArmed) {
          this.quitArmed = true;
          this.status = "unsaved: ^X again to discard, ^S to save";
        } else {
          this.done = true;
          // Back to the main screen, as it was before the editor (xterm's alternate screen, as nano leaves it).
          this.out += "\x1b[?1049l";
        }
        break;
      case 0x09: this.insert("  "); break;
      default:
        if (k >= 0x20 && k < 0x110000) this.insert(String.fromCharCode(k));
    }
    this.clamp();
  }

  /** Puts `text` in as line `at`, the lines from there on moving down (Array#splice only removes here). */
  private insertLine(at: i32, text: string): void {
    this.lines.push("");
    for (let i = this.lines.length - 1; i > at; i--) this.lines[i] = this.lines[i - 1];
    this.lines[at] = text;
  }

  private insert(s: string): void {
    const line = this.lines[this.row];
    this.lines[this.row] = line.substring(0, this.col) + s + line.substring(this.col);
    this.col += s.length;
    this.modified = true;
  }

  private backspace(): void {
    if (this.col > 0) {
      const line = this.lines[this.row];
      this.lines[this.row] = line.substring(0, this.col - 1) + line.substring(this.col);
      this.col--;
    } else if (this.row > 0) {
      const prev = this.lines[this.row - 1];
      this.lines[this.row - 1] = prev + this.lines[this.row];
      this.lines.splice(this.row, 1);
      this.row--;
      this.col = prev.length;
    } else {
      return;
    }
    this.modified = true;
  }

  private deleteForward(): void {
    const line = this.lines[this.row];
    if (this.col < line.length) this.lines[this.row] = line.substring(0, this.col) + line.substring(this.col + 1);
    else if (this.row + 1 < this.lines.length) {
      this.lines[this.row] = line + this.lines[this.row + 1];
      this.lines.splice(this.row + 1, 1);
    } else return;
    this.modified = true;
  }

  /** Rows for text: the screen less the status row. */
  private height(): i32 { return max(1, this.rows - 1); }

  private clamp(): void {
    this.row = max(0, min(this.row, this.lines.length - 1));
    this.col = max(0, min(this.col, this.lines[this.row].length));
    if (this.row < this.top) this.top = this.row;
    if (this.row >= this.top + this.height()) this.top = this.row - this.height() + 1;
  }

  /** The terminal was resized: the whole screen again, in its new size. */
  resize(columns: i32, rows: i32): void {
    this.columns = max(1, columns);
    this.rows = max(1, rows);
    this.out += "\x1b[H\x1b[2J";
    this.render();
  }

  /**
   * The whole screen: the visible lines, then the status row in inverse video. A line longer than
   * the width is cut with `>`; the cursor's line scrolls sideways to the cursor, as in nano.
   */
  render(): void {
    this.clamp();
    // The cursor's line starts where it scrolled to; the others at their beginning.
    const start = scrollStart(this.col, this.lines[this.row].length, this.columns);
    let o = "\x1b[H";
    for (let r = 0; r < this.height(); r++) {
      const n = this.top + r;
      // Each row is cleared before it is drawn: a line as wide as the row leaves the cursor on its
      // last column, and clearing there would take that character.
      o += "\x1b[K";
      if (n < this.lines.length) o += shownPart(this.lines[n], n == this.row ? start : 0, this.columns);
      o += "\r\n";
    }
    let status = " " + this.name + (this.modified ? " (modified)" : "") + "  " + (this.row + 1).toString() + ":" + (this.col + 1).toString() + "  " + this.status;
    // One column short of the width: clearing the rest of a full row would take its last character.
    if (status.length >= this.columns) status = status.substring(0, max(0, this.columns - 1));
    o += "\x1b[7m" + status + "\x1b[K\x1b[0m";
    const x = this.col - start + 1, y = this.row - this.top + 1;
    o += "\x1b[" + y.toString() + ";" + x.toString() + "H";
    this.out += o;
  }
}
