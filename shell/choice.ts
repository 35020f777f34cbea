// A numbered choice at the terminal: the options listed, up/down or a digit move the mark, enter takes it, escape or ctrl-c cancels.
//
// Keys in, the list's redraw out (as the line editor does): the list stays where it was first
// drawn, each redraw moving the cursor back up over it, so a choice asked below other output
// leaves that output alone.
import { Key, decodeEscape, escapeLength } from "./keys.ts";

export const enum ChoiceOutcome {
  /** Keep reading keys. */
  Choosing = 0,
  /** Enter: `selected` is the choice. */
  Chosen = 1,
  /** Escape or ctrl-c. */
  Cancelled = 2,
}

const ESC: i32 = 0x1b;

export class Choice {
  selected: i32 = 0;
  /** Input not consumed yet when an outcome came (the rest of a paste, say). */
  rest: string = "";
  private out: string = "";
  /** An escape sequence not complete yet (input may split it between reads). */
  private pending: string = "";

  constructor(readonly question: string, readonly options: Array<string>) {}

  /** The question and the list, first drawn. */
  begin(): void {
    this.out += this.question + "\r\n";
    this.drawOptions();
  }

  private drawOptions(): void {
    for (let i = 0; i < this.options.length; i++) {
      const mark = i == this.selected ? "\x1b[7m> " : "  ";
      this.out += "\r\x1b[K" + mark + (i + 1).toString() + ". " + this.options[i] + (i == this.selected ? "\x1b[0m" : "") + "\r\n";
    }
  }

  /** Moves the mark and draws the list anew in its place. */
  private select(i: i32): void {
    if (i < 0 || i >= this.options.length || i == this.selected) return;
    this.selected = i;
    this.out += "\x1b[" + this.options.length.toString() + "A";
    this.drawOptions();
  }

  takeOutput(): string {
    const o = this.out;
    this.out = "";
    return o;
  }

  feed(input: string): ChoiceOutcome {
    const s = this.pending + input;
    this.pending = "";
    this.rest = "";
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c == ESC) {
        const key = decodeEscape(s, i);
        if (escapeLength == 0) {
          // A lone escape at the end of what came is the escape key (a sequence comes in one write).
          if (i + 1 >= s.length) { this.rest = ""; return ChoiceOutcome.Cancelled; }
          this.pending = s.substring(i);
          return ChoiceOutcome.Choosing;
        }
        i += escapeLength;
        if (key == Key.Up) this.select(this.selected - 1);
        else if (key == Key.Down) this.select(this.selected + 1);
        else if (key == Key.Home) this.select(0);
        else if (key == Key.End) this.select(this.options.length - 1);
        continue;
      }
      i++;
      if (c == 0x03) { this.rest = s.substring(i); return ChoiceOutcome.Cancelled; }
      if (c == 0x0d || c == 0x0a) { this.rest = s.substring(i); return ChoiceOutcome.Chosen; }
      if (c >= 0x31 && c <= 0x39) this.select(c - 0x31);
      else if (c == 0x6b) this.select(this.selected - 1); // k and j, as in less and vi
      else if (c == 0x6a) this.select(this.selected + 1);
    }
    return ChoiceOutcome.Choosing;
  }
}
