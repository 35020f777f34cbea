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
