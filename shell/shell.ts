// The shell: a prompt on its Terminal session, each line parsed and run, output to the terminal or a file.
import { FsKind } from "../components/fs_session/protocol.ts";
import { TerminalConnection } from "../components/terminal_session/connection.ts";
import { Command, parseLine } from "./command_line.ts";
import { buildEnded } from "./build_commands.ts";
import { KernelSwapState } from "../components/update_session/protocol.ts";
import { kernelSwapEnded } from "./swap_commands.ts";
import { TrustAsk } from "../components/trust_session/protocol.ts";
import { trustAnswered } from "./trust_command.ts";
import { disasmNews } from "./disasm_command.ts";
import { runtimeNews } from "./runtime_wait.ts";
import { allPackages, PackageEntry } from "./packages.ts";
import { packagesXml } from "./package_report.ts";
import { Context, commandsStartingWith, fail, findCommand } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { LineEditor, Outcome } from "./line_editor.ts";
import { startFollowing, stopFollowing } from "./log_command.ts";
import { Output } from "./output.ts";
import { Runtime } from "./runtime.ts";
import { TextEditor } from "./text_editor.ts";
import { absolute, splitTyped } from "./paths.ts";
import { Vfs } from "./vfs.ts";
import { ChoiceOutcome } from "./choice.ts";
import { applyStart } from "./package_commands.ts";

/** Where the history is kept, and how much of it. */
const HISTORY = "/.history";
const HISTORY_LINES = 500;

/** A command that goes on after it returned, its output redirected: what it printed so far. */
class Redirected {
  constructor(readonly command: Command, readonly out: Output) {}
}

export class Shell {
  readonly editor: LineEditor = new LineEditor();
  readonly cx: Context;
  /** The status of the last command: what `-c` exits with. */
  status: i32 = 0;
  /** The full-screen editor while `edit` runs: it has the terminal's input then. */
  private textEditor: TextEditor | null = null;
  /** The editor holds the runtime's config (saving applies it), not a file. */
  private editingRuntime: bool = false;
  /** `log -f` runs: new log lines are printed as they come, ctrl-c gives the prompt back. */
  private following: bool = false;

  constructor(readonly terminal: TerminalConnection, fs: Vfs | null, runtime: Runtime | null = null) {
    this.cx = new Context(fs, runtime);
    this.editor.prompt = "\x1b[1m" + this.cx.cwd + "\x1b[0m $ ";
  }

  /** The commands of the line that runs; those from `next` on are still to run (after a build they wait for). */
  private pending: Array<Command> = new Array<Command>();
  private next: i32 = 0;
  /** The command the shell waits for, when its output goes to a file. */
  private redirected: Redirected | null = null;
  /** What was typed while a build ran: fed to the prompt once it ended. */
  private typedAhead: string = "";

  /** A build or a kernel swap runs and the shell follows it: the rest of the line (and the prompt) wait for its end. */
  get busy(): bool { return this.cx.waitBuild || this.cx.waitKernel || this.cx.waitTrust || this.cx.waitDisasm || this.cx.runtimeWait != null || this.cx.pendingStart != null; }

  /** Runs a whole line (several commands separated by `;`); the status of the last one. */
  runLine(line: string): i32 {
    const parsed = parseLine(line);
    const screen = new Output(this.terminal);
    if (!parsed.ok) {
      screen.line("shell: " + parsed.error);
      return (this.status = 2);
    }
    this.pending = parsed.commands;
    this.next = 0;
    return this.runPending();
  }

  /** Runs the line's commands from `next` on, until the end or a build to wait for. */
  private runPending(): i32 {
    const screen = new Output(this.terminal);
    while (this.next < this.pending.length && !this.cx.exitRequested) {
      const c = this.pending[this.next++];
      const command = findCommand(c.argv[0]);
      if (command == null) {
        screen.line("shell: " + c.argv[0] + ": command not found (help lists the commands)");
        this.status = 127;
        continue;
      }
      const out = c.redirect.length > 0 ? new Output(null) : screen;
      this.status = command.run(this.cx, c.argv, out);
      if (c.redirect.length > 0 && this.busy) {
        // It goes on (a build, a disassembly): what it prints until its end goes to the file then (news).
        this.redirected = new Redirected(c, out);
        return this.status;
      }
      if (c.redirect.length > 0) this.redirect(c.redirect, c.append, out.text(), screen);
      // Output without a last newline (a file's, say) leaves the row open: what follows gets its own.
      if (!screen.atLineStart) screen.write("\n");
      if (this.cx.pendingStart != null) this.askNext(screen);
      if (this.busy) return this.status;
    }
    this.pending = new Array<Command>();
    this.editor.prompt = "\x1b[1m" + this.cx.cwd + "\x1b[0m $ ";
    // A line may have added or changed a package (new, an edit under /src): read them again.
    this.packages = null;
    this.reportPackages();
    return this.status;
  }

  /** The packages as last read from /src (null: read them again before the next report). */
  private packages: Array<PackageEntry> | null = null;

  /**
   * Reports the packages with where each requirement can go now (package_report.ts), for the page:
   * a person's shell only, as a script has nobody at a page to offer it to.
   */
  reportPackages(): void {
    const fs = this.cx.fs, r = this.cx.runtime;
    if (!this.cx.interactive || fs == null || !fs.ok || r == null || !r.available || fs.stat("/src/components") == null) return;
    if (this.packages == null) this.packages = allPackages(fs);
    this.cx.packageReport.update(packagesXml(this.packages!, r));
  }

  /**
   * News by the shell's signal: the builder's new progress text, a kernel swap's end, or a
   * disassembly's next pieces; at the end
   * of what it waited for, the result, the rest of the line and the prompt (with what was typed
   * meanwhile). False when a scripted shell is done.
   */
  news(): bool {
    const screen = new Output(this.terminal);
    // A command that waits with its output redirected (`disasm hello > hello.wat`) writes it to the file at its end.
    const out = this.redirected != null ? this.redirected!.out : screen;
    if (this.cx.waitBuild) {
      const b = this.cx.builder;
      if (b == null) return true;
      out.write(b.newText());
      const st = b.status();
      if (st != null && st.running) return true;
      out.write(b.newText());
      this.cx.waitBuild = false;
      this.status = st == null ? fail(out, "build", "the builder is gone") : buildEnded(this.cx, st.state, out);
    } else if (this.cx.waitKernel) {
      const st = this.cx.update().kernelStatus();
      if (st.outcome == KernelSwapState.Running) return true;
      this.cx.waitKernel = false;
      this.status = kernelSwapEnded(st, out);
    } else if (this.cx.waitTrust) {
      const st = this.cx.trust().status();
      if (st.state == TrustAsk.Asking) return true;
      this.cx.waitTrust = false;
      this.status = trustAnswered(st, out);
    } else if (this.cx.runtimeWait != null) {
      const status = runtimeNews(this.cx.runtime!, this.cx.timer(), this.cx.runtimeWait!, out);
      if (status < 0) return true;
      this.cx.runtimeWait = null;
      this.status = status;
    } else if (this.cx.waitDisasm) {
      const status = disasmNews(this.cx, out);
      if (status < 0) return true;
      this.cx.waitDisasm = false;
      this.status = status;
      if (!out.atLineStart) out.write("\n");
    } else {
      // Nothing waited for: the runtime changed (or a late signal), which changes what the page may offer.
      this.reportPackages();
      return true;
    }
    const held = this.redirected;
    if (held != null) {
      this.redirected = null;
      this.redirect(held.command.redirect, held.command.append, held.out.text(), screen);
    }
    this.runPending();
    if (this.busy) return true;
    if (!this.cx.interactive || this.cx.exitRequested) return false;
    this.editor.begin();
    this.flush();
    const typed = this.typedAhead;
    this.typedAhead = "";
    return typed.length > 0 ? this.input(typed) : true;
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

  /** A start waits for the person's choice: the next question, or (all routed) the start written. */
  private askNext(screen: Output): void {
    const p = this.cx.pendingStart!;
    const choice = p.nextQuestion();
    if (choice != null) {
      choice.begin();
      this.terminal.print(choice.takeOutput());
      return;
    }
    this.cx.pendingStart = null;
    this.status = applyStart(this.cx, p.runtime, p.name, p.pkg, p.choices, p.provides, screen);
  }

  /** Keys while a start asks for a provider: the choice has them; its end runs the rest of the line, then the prompt. */
  private chooseInput(text: string): bool {
    const p = this.cx.pendingStart!;
    const choice = p.choice!;
    const outcome = choice.feed(text);
    this.terminal.print(choice.takeOutput());
    if (outcome == ChoiceOutcome.Choosing) return true;
    const screen = new Output(this.terminal);
    if (outcome == ChoiceOutcome.Cancelled) {
      this.cx.pendingStart = null;
      this.status = fail(screen, "start", p.name + ": not started (no provider chosen)");
      this.pending = new Array<Command>();
    } else {
      p.take(choice.selected);
      this.askNext(screen);
      if (this.cx.pendingStart != null) return choice.rest.length > 0 ? this.chooseInput(choice.rest) : true;
    }
    this.runPending();
    if (this.busy) return true;
    if (this.cx.exitRequested) return false;
    this.editor.begin();
    this.flush();
    return choice.rest.length > 0 ? this.input(choice.rest) : true;
  }

  /** Input from the terminal; false when the user ended the session (ctrl-d or exit). */
  input(text: string): bool {
    const ed = this.textEditor;
    if (ed != null) return this.editInput(ed, text);
    if (this.cx.pendingStart != null) return this.chooseInput(text);
    if (this.busy) {
      // ctrl-c gives the prompt back (the build or the kernel swap goes on); anything else waits for its end.
      const at = text.indexOf("\x03");
      if (at < 0) {
        this.typedAhead += text;
        return true;
      }
      this.terminal.print(this.cx.waitBuild ? "^C (the build goes on in the builder)\r\n" : this.cx.waitKernel ? "^C (the kernel swap goes on in core)\r\n" : "^C\r\n");
      this.cx.waitBuild = false;
      this.cx.waitKernel = false;
      this.cx.waitTrust = false;
      this.cx.waitDisasm = false;
      this.cx.runtimeWait = null;
      const held = this.redirected;
      this.redirected = null;
      if (held != null) this.redirect(held.command.redirect, held.command.append, held.out.text(), new Output(this.terminal));
      this.pending = new Array<Command>();
      this.typedAhead = "";
      this.editor.begin();
      this.flush();
      return text.length > at + 1 ? this.input(text.substring(at + 1)) : true;
    }
    let rest = text;
    if (this.following) {
      // Only ctrl-c counts while following; what was typed after it goes to the prompt.
      const at = rest.indexOf("\x03");
      if (at < 0) return true;
      this.following = false;
      stopFollowing();
      this.terminal.print("^C\r\n");
      this.editor.begin();
      this.flush();
      rest = rest.substring(at + 1);
      if (rest.length == 0) return true;
    }
    for (;;) {
      const outcome = this.editor.feed(rest);
      rest = this.editor.rest;
      this.flush();
      if (outcome == Outcome.Line) {
        this.saveHistory();
        this.runLine(this.editor.line);
        if (this.cx.exitRequested) return false;
        // What was typed after the line answers the start's question.
        if (this.cx.pendingStart != null) return rest.length > 0 ? this.chooseInput(rest) : true;
        if (this.busy) {
          this.typedAhead = rest;
          return true;
        }
        if (this.cx.editRequest.length > 0 || this.cx.editRuntime) {
          this.openEditor(this.cx.editRequest);
          // What was typed after the line goes to the editor.
          return rest.length > 0 ? this.editInput(this.textEditor!, rest) : true;
        }
        if (this.cx.followLog) {
          if (startFollowing(this.terminal, this.cx)) {
            this.following = true;
            // What was typed after the line is read as while following (a ctrl-c in it ends it).
            return rest.length > 0 ? this.input(rest) : true;
          }
          this.terminal.print("log: cannot follow the log (core gives no change signal)\r\n");
        }
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

  /** The terminal's size changed (and at start): the line, or the editor's screen, drawn anew in it. */
  resized(): void {
    const size = this.terminal.size();
    if (this.terminal.error < 0 || size.columns == 0) return;
    this.editor.columns = <i32>size.columns;
    const ed = this.textEditor;
    if (ed != null) {
      ed.resize(<i32>size.columns, <i32>size.rows);
      this.terminal.print(ed.takeOutput());
    } else if (!this.following) {
      this.editor.redraw();
      this.flush();
    }
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

  /** Opens the editor on a file, or (after `config edit`) on the runtime's config. */
  private openEditor(path: string): void {
    this.cx.editRequest = "";
    this.editingRuntime = this.cx.editRuntime;
    this.cx.editRuntime = false;
    let name = path, content = "";
    if (this.editingRuntime) {
      name = "runtime config";
      content = this.cx.runtime!.config();
    } else {
      const bytes = this.cx.fs!.readFile(path);
      if (bytes != null) content = String.UTF8.decode(bytes.buffer);
    }
    const size = this.terminal.size();
    const ed = new TextEditor(name, content, <i32>size.columns, <i32>size.rows);
    this.textEditor = ed;
    // The editor has a screen of its own (the alternate one): leaving gives the shell's back, and the page knows not to type.
    this.terminal.print("\x1b[?1049h\x1b[H\x1b[2J");
    ed.render();
    this.terminal.print(ed.takeOutput());
  }

  /** Input while editing: saves on ^S, gives the terminal back to the prompt on ^X. */
  private editInput(ed: TextEditor, text: string): bool {
    // ^S stops the editor's input where it was typed: save, then go on with the rest.
    let rest = text, again = true;
    while (again) {
      ed.feed(rest);
      rest = "";
      again = ed.saveRequested;
      if (again) {
        ed.saveRequested = false;
        if (this.editingRuntime) {
          ed.saved(this.cx.runtime!.replace(ed.text()));
        } else {
          const r = this.cx.fs!.writeText(ed.name, ed.text());
          ed.saved(r < 0 ? describeErr(r) : "");
        }
        this.terminal.print(ed.takeOutput());
      }
    }
    this.terminal.print(ed.takeOutput());
    if (ed.done) {
      this.textEditor = null;
      this.editor.begin();
      this.flush();
    }
    return true;
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
