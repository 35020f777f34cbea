// The console device: where core writes log lines (a TTY, a test's buffer, later the page's terminal).

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
