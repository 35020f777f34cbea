// The console device: where core writes log lines (a TTY, a test's buffer, later the page's terminal).

/** The escapes of the controls that have a short one; the others show as `\xHH`. */
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const RESET = "\x1b[0m";

/**
 * `text` with every control character escaped (C0, DEL and C1: `\n` as `\\n`, ESC as `\\x1b`):
 * a line on the console is one line that moves no cursor, so no component can print a line that
 * passes for another's or overwrite one. With `colours`, colour sequences (SGR, `ESC[...m`: the
 * framing of Genode's warnings and errors) stay, and a line that sets one ends with a reset, so
 * that no colour spills into the next line. Escaping twice changes nothing more.
 */
export function printable(text: string, colours = true): string {
  let coloured = false;
  const out = text.replace(/\x1b\[[0-9;]*m|[\x00-\x1f\x7f-\x9f]/g, (c) => {
    if (c.length > 1) {
      if (!colours) return "\\x1b" + c.slice(1);
      coloured = true;
      return c;
    }
    return SHORT[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return coloured && !out.endsWith(RESET) ? out + RESET : out;
}

export interface Console {
  /** Writes one line (no trailing newline). */
  write(line: string): void;
}

/** Keeps lines in memory: tests and the page read them. */
export class BufferConsole implements Console {
  readonly lines: string[] = [];
  private listeners: ((line: string) => void)[] = [];
  write(line: string): void {
    this.lines.push(line);
    for (const l of this.listeners) l(line);
  }
  onLine(fn: (line: string) => void): void { this.listeners.push(fn); }
}

/** Lines a GuardedConsole keeps behind one that failed, waiting for its retry; past them, lines are lost (counted). */
export const HELD_LINES = 1000;

/** The notice that says how many lines a console lost, and why. */
export function lostNotice(count: number, why: unknown): string {
  let reason: string;
  try {
    reason = why instanceof Error ? `${why.name}: ${why.message}` : String(why);
  } catch {
    reason = "unknown error";
  }
  return `[core] console: ${count} log line${count === 1 ? "" : "s"} lost (${reason})`;
}

/**
 * A console whose device may fail without stopping the log. A write that throws (the device ran
 * out of stack under a deeply recursed caller, a broken pipe, anything) is not the caller's
 * problem: the line is kept and tried again on a fresh stack (a microtask), and the lines after it
 * wait behind it, in order. What still fails then is dropped, counted, and a notice saying so
 * goes out before the next line that does.
 */
export class GuardedConsole implements Console {
  private held: string[] = [];
  /** Lines lost, not yet told of; and those lost behind the held ones (told of after them). */
  private lost = 0;
  private dropped = 0;
  private why: unknown = null;

  constructor(private readonly device: Console) {}

  write(line: string): void {
    if (this.held.length > 0) {
      this.hold(line);
      return;
    }
    if (this.deliver(line)) return;
    // The retry first: if even scheduling it fails for want of stack, nothing is held that no retry would free.
    queueMicrotask(() => this.retry());
    this.held.push(line);
  }

  /** Writes the notice of lost lines, if any, then `line`: false when the device threw. */
  private deliver(line: string): boolean {
    try {
      if (this.lost > 0) {
        this.device.write(lostNotice(this.lost, this.why));
        this.lost = 0;
      }
      this.device.write(line);
      return true;
    } catch (e) {
      this.why = e;
      return false;
    }
  }

  private hold(line: string): void {
    if (this.held.length < HELD_LINES) this.held.push(line);
    else this.dropped++;
  }

  /** On a fresh stack: the held lines go out, or, if the device fails again, are counted as lost. */
  private retry(): void {
    const lines = this.held;
    this.held = [];
    let i = 0;
    while (i < lines.length && this.deliver(lines[i]!)) i++;
    this.lost += lines.length - i + this.dropped;
    this.dropped = 0;
  }
}
