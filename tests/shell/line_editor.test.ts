// The shell's line editor as a person sees it: keys typed into an xterm (headless), the screen read back.
import xtermHeadless from "@xterm/headless";
import { beforeAll, describe, expect, it } from "vitest";
import { callPinned, loadAsModule, type AsModule } from "../support/as_module.ts";

const { Terminal } = xtermHeadless;
let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/shell/shell_harness.ts"]);
}, 120_000);

const enum Outcome { Editing = 0, Line = 1, Cancelled = 2, EndOfInput = 3, Complete = 4 }

/** Calls a harness export with strings copied in (and pinned for the call). */
const call = (fn: string, ...args: (string | number)[]): any => callPinned(m, fn, ...args);
const str = (fn: string, ...args: (string | number)[]): string => m.__getString(call(fn, ...args));

/** A terminal with the editor behind it: type() feeds keys, screen() is what a person sees. */
class Session {
  term = new Terminal({ cols: 60, rows: 8, allowProposedApi: true });
  outcomes: Outcome[] = [];
  constructor(prompt = "$ ") {
    call("reset", prompt);
  }
  async type(keys: string): Promise<void> {
    let input = keys;
    for (;;) {
      const o = call("feed", input) as Outcome;
      input = str("rest");
      if (o !== Outcome.Editing) this.outcomes.push(o);
      if (o === Outcome.Line || o === Outcome.Cancelled) call("begin");
      if (o === Outcome.Editing || input.length === 0) break;
    }
    await new Promise<void>((r) => this.term.write(str("output"), r));
  }
  screen(): string[] {
    const b = this.term.buffer.active, rows: string[] = [];
    for (let y = 0; y < this.term.rows; y++) rows.push(b.getLine(y)!.translateToString(true));
    while (rows.length && rows.at(-1) === "") rows.pop();
    return rows;
  }
  get cursorX(): number { return this.term.buffer.active.cursorX; }
}

const LEFT = "\x1b[D", RIGHT = "\x1b[C", UP = "\x1b[A", DOWN = "\x1b[B", HOME = "\x1b[H", END = "\x1b[F";

describe("line editing", () => {
  it("echoes typing, enters the line and shows a new prompt", async () => {
    const s = new Session();
    await s.type("echo hi\r");
    expect(str("line")).toBe("echo hi");
    expect(s.outcomes).toEqual([Outcome.Line]);
    expect(s.screen()).toEqual(["$ echo hi", "$ "]);
  });

  it("moves with arrows, home and end (CSI and SS3 forms) and inserts where the cursor is", async () => {
    const s = new Session();
    await s.type("ac" + LEFT + "b" + HOME + ">" + END + "!" + "\x1bOH" + "[" + "\x1bOF" + "]");
    expect(str("text")).toBe("[>abc!]");
    expect(s.screen()).toEqual(["$ [>abc!]"]);
    await s.type(LEFT + LEFT);
    expect(s.cursorX).toBe(2 + 5);
  });

  it("ctrl-a, ctrl-e, ctrl-k, ctrl-u, ctrl-w and delete edit as in readline", async () => {
    const s = new Session();
    await s.type("one two three");
    await s.type("\x17"); // ctrl-w
    expect(str("text")).toBe("one two ");
    await s.type("\x01\x1b[3~"); // ctrl-a, delete
    expect(str("text")).toBe("ne two ");
    await s.type("\x05" + LEFT + LEFT + "\x0b"); // ctrl-e, left left, ctrl-k
    expect(str("text")).toBe("ne tw");
    await s.type(LEFT + "\x15"); // ctrl-u
    expect(str("text")).toBe("w");
    expect(s.screen()).toEqual(["$ w"]);
  });

  it("ctrl-c abandons the line, ctrl-d ends input on an empty one and deletes otherwise", async () => {
    const s = new Session();
    await s.type("rm -rf\x03");
    expect(s.outcomes).toEqual([Outcome.Cancelled]);
    expect(s.screen()).toEqual(["$ rm -rf^C", "$ "]);
    await s.type("ab" + LEFT + "\x04");
    expect(str("text")).toBe("a");
    await s.type("\x15\x04");
    expect(s.outcomes.at(-1)).toBe(Outcome.EndOfInput);
  });

  it("walks the history with up and down, keeping the line being edited", async () => {
    const s = new Session();
    await s.type("first\rsecond\rsecond\rdraft");
    await s.type(UP);
    expect(str("text")).toBe("second");
    await s.type(UP + UP);
    expect(str("text")).toBe("first"); // the repeated "second" was kept once
    await s.type(DOWN + DOWN);
    expect(str("text")).toBe("draft");
    expect(s.screen().at(-1)).toBe("$ draft");
  });

  it("takes an escape sequence split across reads", async () => {
    const s = new Session();
    await s.type("ab\x1b");
    await s.type("[D");
    await s.type("X");
    expect(str("text")).toBe("aXb");
  });

  it("completes a unique word with a space, a common prefix, and lists several", async () => {
    const s = new Session();
    await s.type("ca\t");
    expect(s.outcomes).toEqual([Outcome.Complete]);
    expect(str("word")).toBe("ca");
    expect(call("completingCommand")).toBeTruthy();
    call("complete", "cat");
    await s.type("");
    expect(str("text")).toBe("cat ");
    await s.type("/d\t");
    expect(call("completingCommand")).toBeFalsy();
    call("complete", "/data/\n/dev/");
    await s.type("");
    expect(s.screen()).toEqual(["$ cat /d", "/data/  /dev/", "$ cat /d"]);
    call("complete", "/data/");
    await s.type("");
    expect(str("text")).toBe("cat /data/");
  });
});

describe("command lines", () => {
  it.each([
    ["ls /", "ls|/"],
    ["  echo   a  b ", "echo|a|b"],
    [`echo "a b" 'c "d"' e\\ f`, `echo|a b|c "d"|e f`],
    [`echo "say \\"hi\\""`, `echo|say "hi"`],
    ["echo hi > /f", "echo|hi > /f"],
    ["echo hi>>/f; cat /f", "echo|hi >> /f\ncat|/f"],
    ["ls /; cat /README", "ls|/\ncat|/README"],
    [";;", ""],
  ])("%s", (line, parsed) => {
    expect(str("parse", line)).toBe(parsed);
  });

  it.each([
    [`echo "open`, "error: column 6: unterminated quote"],
    ["echo >", "error: column 6: '>' needs a file name"],
    ["echo > a > b", "error: column 10: more than one redirection"],
    ["> f", "error: a redirection without a command"],
  ])("refuses %s with the column", (line, error) => {
    expect(str("parse", line)).toBe(error);
  });
});
