// The shell's line editor: keys from the terminal in, the edited line and its redraw out (emacs keys, history, completion).
//
// Input is the byte stream a terminal sends: printable text, control keys and the escape
// sequences of xterm (arrows, home/end, delete, in both their CSI and SS3 forms). Output is
// what to write back: the line redrawn on its row once the input at hand changed it, as "\r",
// the prompt, the text, "clear to the end of the row" and the cursor moved back to its place.
// Pasted or typed-ahead text is drawn once, not once per character. A line longer than
// the row (`columns`, set by the shell and again when the terminal is resized) scrolls sideways
// as nano's lines do (scroll.ts), so that it keeps to its one row and the cursor stays on its text.

import { Key, decodeEscape, escapeLength } from "./keys.ts";
import { scrollStart, shownPart, visibleLength } from "./scroll.ts";

/** What the editor wants done after a chunk of input; see take(). */
export const enum Outcome {
  /** Nothing but output: keep reading. */
  Editing = 0,
  /** A line was entered: `line` holds it. */
  Line = 1,
  /** ctrl-c: the line was abandoned. */
  Cancelled = 2,
  /** ctrl-d on an empty line: the user is done. */
  EndOfInput = 3,
  /** tab: complete the word before the cursor (see wordBeforeCursor, complete). */
  Complete = 4,
}

const ESC: i32 = 0x1b;

export class LineEditor {
  prompt: string = "$ ";
  /** The terminal's width; 0 while unknown (the line is then drawn whole, as long as it is). */
  columns: i32 = 0;
  text: string = "";
  cursor: i32 = 0;
  /** The line entered, after Outcome.Line. */
  line: string = "";
  history: Array<string> = new Array<string>();
  /** Position in the history while browsing it (history.length: the line being edited). */
  private browse: i32 = 0;
  /** The line being edited when browsing began, restored by browsing past the newest entry. */
  private draft: string = "";
  private out: string = "";
  /**
   * The line changed since it was last drawn: drawn once when the input read so far is handled
   * (or before other output), not after every key, since typed-ahead or pasted text would
   * otherwise redraw the row once per character.
   */
  private stale: bool = false;
  /** An escape sequence not complete yet (input may split it between reads). */
  private pending: string = "";

  /** Output produced since the last call: the caller writes it to the terminal. */
  takeOutput(): string {
    this.drawStale();
    const o = this.out;
    this.out = "";
    return o;
  }

  /** Starts a new line: shows the prompt. */
  begin(): void {
    this.text = "";
    this.cursor = 0;
    this.browse = this.history.length;
    this.write(this.prompt);
  }

  /**
   * Feeds input; returns at the first outcome other than Editing, with `rest` holding the input
   * not consumed yet (feed it again after handling the outcome).
   */
  feed(input: string): Outcome {
    let s = this.pending + input;
    this.pending = "";
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c == ESC) {
        const n = this.escape(s, i);
        if (n == 0) { this.pending = s.substring(i); this.rest = ""; this.drawStale(); return Outcome.Editing; }
        i += n;
        continue;
      }
      if (c >= 0x20 && c != 0x7f) {
        // A run of printable text (pasted or typed ahead) goes in at once: a character at a time,
        // each insertion copying the whole line, a long paste took time quadratic in its length.
        let j = i + 1;
        while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) != 0x7f) j++;
        this.insert(s.substring(i, j));
        i = j;
        continue;
      }
      i++;
      const outcome = this.key(c);
      if (outcome != Outcome.Editing) {
        this.rest = s.substring(i);
        this.drawStale();
        return outcome;
      }
    }
    this.rest = "";
    this.drawStale();
    return Outcome.Editing;
  }

  /** Input after the one that ended the last feed() with an outcome. */
  rest: string = "";

  /** One key that is not an escape sequence. */
  private key(c: i32): Outcome {
    switch (c) {
      case 0x0d: case 0x0a: return this.enter();
      case 0x01: this.moveTo(0); break; // ctrl-a
      case 0x05: this.moveTo(this.text.length); break; // ctrl-e
      case 0x02: this.moveTo(this.cursor - 1); break; // ctrl-b
      case 0x06: this.moveTo(this.cursor + 1); break; // ctrl-f
      case 0x0b: this.edit(this.text.substring(0, this.cursor), this.cursor); break; // ctrl-k
      case 0x15: this.edit(this.text.substring(this.cursor), 0); break; // ctrl-u
      case 0x17: this.deleteWord(); break; // ctrl-w
      case 0x0c: this.write("\x1b[H\x1b[2J"); this.stale = true; break; // ctrl-l: clear the screen
      case 0x7f: case 0x08: // backspace
        if (this.cursor > 0) this.edit(this.text.substring(0, this.cursor - 1) + this.text.substring(this.cursor), this.cursor - 1);
        break;
      case 0x03: // ctrl-c
        this.write("^C\r\n");
        this.text = "";
        this.cursor = 0;
        return Outcome.Cancelled;
      case 0x04: // ctrl-d: end of input on an empty line, else delete under the cursor
        if (this.text.length == 0) {
          this.write("\r\n");
          return Outcome.EndOfInput;
        }
        this.deleteForward();
        break;
      case 0x09: return Outcome.Complete;
      default:
        if (c >= 0x20) this.edit(this.text.substring(0, this.cursor) + String.fromCharCode(c) + this.text.substring(this.cursor), this.cursor + 1);
    }
    return Outcome.Editing;
  }

  /** An escape sequence at s[i]: the number of characters it takes, or 0 when it is not complete yet. */
  private escape(s: string, i: i32): i32 {
    const key = decodeEscape(s, i);
    switch (key) {
      case Key.Left: this.moveTo(this.cursor - 1); break;
      case Key.Right: this.moveTo(this.cursor + 1); break;
      case Key.Up: this.historyStep(-1); break;
      case Key.Down: this.historyStep(1); break;
      case Key.Home: this.moveTo(0); break;
      case Key.End: this.moveTo(this.text.length); break;
      case Key.Delete: this.deleteForward(); break;
    }
    return escapeLength;
  }

  private enter(): Outcome {
    this.line = this.text;
    this.write("\r\n");
    const n = this.history.length;
    if (this.line.trim().length > 0 && (n == 0 || this.history[n - 1] != this.line)) this.history.push(this.line);
    this.browse = this.history.length;
    return Outcome.Line;
  }

  private deleteForward(): void {
    if (this.cursor < this.text.length) this.edit(this.text.substring(0, this.cursor) + this.text.substring(this.cursor + 1), this.cursor);
  }

  /** ctrl-w: the word before the cursor and the spaces after it go. */
  private deleteWord(): void {
    let start = this.cursor;
    while (start > 0 && this.text.charCodeAt(start - 1) == 0x20) start--;
    while (start > 0 && this.text.charCodeAt(start - 1) != 0x20) start--;
    this.edit(this.text.substring(0, start) + this.text.substring(this.cursor), start);
  }

  private historyStep(delta: i32): void {
    const next = this.browse + delta;
    if (next < 0 || next > this.history.length) return;
    if (this.browse == this.history.length) this.draft = this.text;
    this.browse = next;
    const t = next == this.history.length ? this.draft : this.history[next];
    this.edit(t, t.length);
  }

  /** The word the cursor ends: what tab completes. */
  wordBeforeCursor(): string {
    let start = this.cursor;
    while (start > 0 && this.text.charCodeAt(start - 1) != 0x20) start--;
    return this.text.substring(start, this.cursor);
  }

  /** True when the word before the cursor is the line's first: a command, not an argument. */
  completingCommand(): bool {
    return this.text.substring(0, this.cursor - this.wordBeforeCursor().length).trim().length == 0;
  }

  /**
   * Tab's answer: the candidates for wordBeforeCursor(). One completes the word (with a space
   * after a full name, none after a directory's "/"); several complete their common prefix, or
   * are listed below the line when that adds nothing.
   */
  complete(candidates: Array<string>): void {
    if (candidates.length == 0) return;
    const word = this.wordBeforeCursor();
    let common = candidates[0];
    for (let i = 1; i < candidates.length; i++) {
      let n = 0;
      const c = candidates[i];
      while (n < common.length && n < c.length && common.charCodeAt(n) == c.charCodeAt(n)) n++;
      common = common.substring(0, n);
    }
    if (candidates.length == 1 && !common.endsWith("/")) common += " ";
    if (common.length > word.length) {
      this.insert(common.substring(word.length));
      return;
    }
    if (candidates.length > 1) {
      this.write("\r\n" + candidates.join("  ") + "\r\n");
      this.redraw();
    }
  }

  private insert(s: string): void {
    this.edit(this.text.substring(0, this.cursor) + s + this.text.substring(this.cursor), this.cursor + s.length);
  }

  private moveTo(at: i32): void {
    if (at < 0 || at > this.text.length || at == this.cursor) return;
    this.cursor = at;
    this.stale = true;
  }

  private edit(text: string, cursor: i32): void {
    this.text = text;
    this.cursor = cursor;
    this.stale = true;
  }

  /** Output other than the line's row: the row is brought up to date first. */
  private write(s: string): void {
    this.drawStale();
    this.out += s;
  }

  private drawStale(): void {
    if (this.stale) this.redraw();
  }

  /** Redraws the row: prompt, text, the rest of the row cleared, the cursor back at its place. */
  redraw(): void {
    this.stale = false;
    const prompt = visibleLength(this.prompt);
    const width = this.columns - prompt;
    if (this.columns <= 0 || width < 3) {
      this.out += "\r" + this.prompt + this.text + "\x1b[K";
      const back = this.text.length - this.cursor;
      if (back > 0) this.out += "\x1b[" + back.toString() + "D";
      return;
    }
    // The row is cleared first: text reaching the last column leaves the cursor there, where
    // clearing would take that column's character too.
    const start = scrollStart(this.cursor, this.text.length, width);
    this.out += "\r\x1b[K" + this.prompt + shownPart(this.text, start, width) + "\r";
    const x = prompt + this.cursor - start;
    if (x > 0) this.out += "\x1b[" + x.toString() + "C";
  }
}
