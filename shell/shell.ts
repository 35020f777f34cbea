// The shell: a prompt on its Terminal session, each line parsed and run, output to the terminal or a file.
import { FsKind } from "../kernel/abi.ts";
import { FsConnection } from "../components/fs_session/connection.ts";
import { TerminalConnection } from "../components/terminal_session/connection.ts";
import { parseLine } from "./command_line.ts";
import { Context, commandsStartingWith, findCommand } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { LineEditor, Outcome } from "./line_editor.ts";
import { Output } from "./output.ts";
import { Runtime } from "./runtime.ts";
import { absolute, splitTyped } from "./paths.ts";

/** Where the history is kept, and how much of it. */
const HISTORY = "/.history";
const HISTORY_LINES = 500;

export class Shell {
  readonly editor: LineEditor = new LineEditor();
  readonly cx: Context;
  /** The status of the last command: what `-c` exits with. */
  status: i32 = 0;

  constructor(readonly terminal: TerminalConnection, fs: FsConnection | null, runtime: Runtime | null = null) {
    this.cx = new Context(fs, runtime);
    this.editor.prompt = "\x1b[1m" + this.cx.cwd + "\x1b[0m $ ";
  }

  /** Runs a whole line (several commands separated by `;`); the status of the last one. */
  runLine(line: string): i32 {
    const parsed = parseLine(line);
    const screen = new Output(this.terminal);
    if (!parsed.ok) {
      screen.line("shell: " + parsed.error);
      return (this.status = 2);
    }
    for (let i = 0; i < parsed.commands.length && !this.cx.exitRequested; i++) {
      const c = parsed.commands[i];
      const command = findCommand(c.argv[0]);
      if (command == null) {
        screen.line("shell: " + c.argv[0] + ": command not found (help lists the commands)");
        this.status = 127;
        continue;
      }
      const out = c.redirect.length > 0 ? new Output(null) : screen;
      this.status = command.run(this.cx, c.argv, out);
      if (c.redirect.length > 0) this.redirect(c.redirect, c.append, out.text(), screen);
      // Output without a last newline (a file's, say) leaves the row open: what follows gets its own.
      if (!screen.atLineStart) screen.write("\n");
    }
    this.editor.prompt = "\x1b[1m" + this.cx.cwd + "\x1b[0m $ ";
    return this.status;
  }

  /** Writes a command's output to `file` (`>>`: after what it holds). */
  private redirect(file: string, append: bool, text: string, screen: Output): void {
    const fs = this.cx.fs;
    if (fs == null || !fs.ok) {
      screen.line("shell: " + file + ": no file system");
      this.status = 1;
      return;
    }
    const path = absolute(this.cx.cwd, file);
    let content = text;
    if (append) {
      const old = fs.readFile(path);
      if (old != null) content = String.UTF8.decode(old.buffer) + text;
    }
    const r = fs.writeText(path, content);
    if (r < 0) {
      screen.line("shell: " + file + ": " + describeErr(r));
      this.status = 1;
    }
  }

  /** Input from the terminal; false when the user ended the session (ctrl-d or exit). */
  input(text: string): bool {
    let rest = text;
    for (;;) {
      const outcome = this.editor.feed(rest);
      rest = this.editor.rest;
      this.flush();
      if (outcome == Outcome.Line) {
        this.saveHistory();
        this.runLine(this.editor.line);
        if (this.cx.exitRequested) return false;
        this.editor.begin();
        this.flush();
      } else if (outcome == Outcome.Cancelled) {
        this.editor.begin();
        this.flush();
      } else if (outcome == Outcome.EndOfInput) {
        return false;
      } else if (outcome == Outcome.Complete) {
        this.editor.complete(this.candidates());
        this.flush();
      }
      if (outcome == Outcome.Editing || rest.length == 0) return true;
    }
    return true;
  }

  /** Tab: command names for the first word, paths for the others. */
  private candidates(): Array<string> {
    const word = this.editor.wordBeforeCursor();
    if (this.editor.completingCommand()) return commandsStartingWith(word);
    const out = new Array<string>();
    const fs = this.cx.fs;
    if (fs == null || !fs.ok) return out;
    const typed = splitTyped(word);
    const entries = fs.list(absolute(this.cx.cwd, typed[0].length > 0 ? typed[0] : "."));
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.name.startsWith(typed[1])) out.push(typed[0] + e.name + (e.kind == FsKind.Dir ? "/" : ""));
    }
    return out;
  }

  /** Loads the history the shell kept in its file system (HISTORY), so it survives a reboot. */
  loadHistory(): void {
    const fs = this.cx.fs;
    if (fs == null || !fs.ok) return;
    const bytes = fs.readFile(HISTORY);
    if (bytes == null) return;
    const lines = String.UTF8.decode(bytes.buffer).split("\n");
    for (let i = 0; i < lines.length; i++) if (lines[i].length > 0) this.editor.history.push(lines[i]);
  }

  /** Writes the history after a line was entered: the last HISTORY_LINES lines. */
  private saveHistory(): void {
    const fs = this.cx.fs;
    const h = this.editor.history;
    if (fs == null || !fs.ok || h.length == 0) return;
    if (h.length > HISTORY_LINES) h.splice(0, h.length - HISTORY_LINES);
    fs.writeText(HISTORY, h.join("\n") + "\n");
  }

  flush(): void {
    const o = this.editor.takeOutput();
    if (o.length > 0) this.terminal.print(o);
  }
}
