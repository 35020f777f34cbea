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
