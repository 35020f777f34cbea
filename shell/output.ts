// Where a command's output goes: the terminal (newlines become CR LF for a raw terminal) or a buffer a redirection writes to a file.
import { TerminalConnection } from "../components/terminal_session/connection.ts";

export class Output {
  private buffer: string = "";
  /** False after output that did not end its line: the shell ends it before the next prompt. */
  atLineStart: bool = true;

  /** `terminal` null: the output is kept (for `>` and `>>`). */
  constructor(readonly terminal: TerminalConnection | null) {}

  write(text: string): void {
    if (text.length > 0) this.atLineStart = text.endsWith("\n");
    const t = this.terminal;
    if (t == null) this.buffer += text;
    else t.print(text.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n"));
  }

  line(text: string): void { this.write(text + "\n"); }

  /** What was kept. */
  text(): string { return this.buffer; }
}
