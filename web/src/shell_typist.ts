// The page's buttons act through the shell: they type a command on its line, as a person would, so the terminal shows what was done and the shell checks it.
import type { Terminal } from "@xterm/xterm";

/** Ctrl-e, ctrl-u: to the end of the line, then cut it: the command gets an empty line whatever was typed. */
const CLEAR_LINE = "\x05\x15";

export class ShellTypist {
  constructor(private readonly term: Terminal, private readonly type: (text: string) => void) {}

  /**
   * Types `line` and enter on the shell's prompt. Null when typed, else why not: a full-screen
   * program (the editor) has the terminal, and keys typed there would change a file.
   */
  run(line: string): string | null {
    if (this.term.buffer.active.type === "alternate") return "the terminal shows the editor: close it first (ctrl-x)";
    if (/[\r\n\x00-\x1f]/.test(line)) return "a command is one line of printable text";
    this.type(CLEAR_LINE + line + "\r");
    this.term.focus();
    return null;
  }
}
