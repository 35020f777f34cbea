// Parsing what the user typed: commands separated by `;`, words with quotes and backslashes, `>` and `>>` redirection.

/** One command: its words, and where its output goes (`>` replaces the file, `>>` appends). */
export class Command {
  argv: Array<string> = new Array<string>();
  redirect: string = "";
  append: bool = false;
}

/** The commands of a line, or an error naming the column (1-based) where parsing failed. */
export class ParsedLine {
  commands: Array<Command> = new Array<Command>();
  error: string = "";
  get ok(): bool { return this.error.length == 0; }
}

const SPACE: i32 = 0x20, TAB: i32 = 0x09, SEMI: i32 = 0x3b, GT: i32 = 0x3e;
const SQUOTE: i32 = 0x27, DQUOTE: i32 = 0x22, BACKSLASH: i32 = 0x5c;

function isBlank(c: i32): bool { return c == SPACE || c == TAB; }

/** Neither a blank nor anything a word stops or changes at (`;`, `>`, quotes, a backslash). */
function isPlain(c: i32): bool { return !isBlank(c) && c != SEMI && c != GT && c != SQUOTE && c != DQUOTE && c != BACKSLASH; }

export function parseLine(line: string): ParsedLine {
  const out = new ParsedLine();
  let cmd = new Command();
  let i = 0;
  const n = line.length;
  // Set after `>` or `>>`: the next word is the file, not an argument.
  let redirectNext = false;
  let redirectAt = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isBlank(c)) { i++; continue; }
    if (c == SEMI) {
      if (redirectNext) { out.error = "column " + (redirectAt + 1).toString() + ": '>' needs a file name"; return out; }
      if (cmd.argv.length > 0) out.commands.push(cmd);
      else if (cmd.redirect.length > 0) { out.error = "column " + (i + 1).toString() + ": a redirection without a command"; return out; }
      cmd = new Command();
      i++;
      continue;
    }
    if (c == GT) {
      if (redirectNext || cmd.redirect.length > 0) { out.error = "column " + (i + 1).toString() + ": more than one redirection"; return out; }
      redirectAt = i;
      cmd.append = i + 1 < n && line.charCodeAt(i + 1) == GT;
      i += cmd.append ? 2 : 1;
      redirectNext = true;
      continue;
    }
    // A word: quoted parts and escapes joined until a blank, `;` or `>` outside quotes.
    let word = "";
    while (i < n) {
      const d = line.charCodeAt(i);
      if (isBlank(d) || d == SEMI || d == GT) break;
      if (d == SQUOTE || d == DQUOTE) {
        const close = closingQuote(line, i);
        if (close < 0) { out.error = "column " + (i + 1).toString() + ": unterminated quote"; return out; }
        word += d == DQUOTE ? unescape(line.substring(i + 1, close)) : line.substring(i + 1, close);
        i = close + 1;
        continue;
      }
      if (d == BACKSLASH && i + 1 < n) {
        word += line.charAt(i + 1);
        i += 2;
        continue;
      }
      // A run of plain characters at once: one character at a time, a long pasted word cost time quadratic in its length.
      let j = i + 1;
      while (j < n && isPlain(line.charCodeAt(j))) j++;
      word += line.substring(i, j);
      i = j;
    }
    if (redirectNext) {
      cmd.redirect = word;
      redirectNext = false;
    } else {
      cmd.argv.push(word);
    }
  }
  if (redirectNext) { out.error = "column " + (redirectAt + 1).toString() + ": '>' needs a file name"; return out; }
  if (cmd.argv.length > 0) out.commands.push(cmd);
  else if (cmd.redirect.length > 0) out.error = "a redirection without a command";
  return out;
}

/** Where the quote opened at `open` closes (a backslash escapes a double quote inside double quotes), or -1. */
function closingQuote(line: string, open: i32): i32 {
  const q = line.charCodeAt(open);
  for (let j = open + 1; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (q == DQUOTE && c == BACKSLASH) { j++; continue; }
    if (c == q) return j;
  }
  return -1;
}

/** Backslash escapes inside double quotes: `\"` and `\\` (others stay as written). */
function unescape(s: string): string {
  if (s.indexOf("\\") < 0) return s;
  // Pieces joined once at the end: appending a character at a time is quadratic.
  const parts = new Array<string>();
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == BACKSLASH && i + 1 < s.length && (s.charCodeAt(i + 1) == DQUOTE || s.charCodeAt(i + 1) == BACKSLASH)) {
      parts.push(s.substring(run, i));
      run = i + 1;
      i++;
    }
  }
  parts.push(s.substring(run));
  return parts.join("");
}
