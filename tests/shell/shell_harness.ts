// Test harness (AssemblyScript): the shell's line editor and command-line parser, driven from Vitest.
import { LineEditor, Outcome } from "../../shell/line_editor.ts";
import { parseLine } from "../../shell/command_line.ts";

let editor = new LineEditor();

export function reset(prompt: string): void {
  editor = new LineEditor();
  editor.prompt = prompt;
  editor.begin();
}

export function begin(): void { editor.begin(); }
export function feed(input: string): i32 { return <i32>editor.feed(input); }
export function rest(): string { return editor.rest; }
export function output(): string { return editor.takeOutput(); }
export function text(): string { return editor.text; }
export function cursor(): i32 { return editor.cursor; }
export function line(): string { return editor.line; }
export function word(): string { return editor.wordBeforeCursor(); }
export function completingCommand(): bool { return editor.completingCommand(); }

/** Tab's answer, candidates separated by newlines. */
export function complete(candidates: string): void {
  editor.complete(candidates.length == 0 ? new Array<string>() : candidates.split("\n"));
}

/** A line parsed: one command per row, words joined by "|", then ">" or ">>" and the file; or "error: …". */
export function parse(text: string): string {
  const p = parseLine(text);
  if (!p.ok) return "error: " + p.error;
  const rows = new Array<string>();
  for (let i = 0; i < p.commands.length; i++) {
    const c = p.commands[i];
    let row = c.argv.join("|");
    if (c.redirect.length > 0) row += (c.append ? " >> " : " > ") + c.redirect;
    rows.push(row);
  }
  return rows.join("\n");
}

export const OUTCOME_LINE = <i32>Outcome.Line;
