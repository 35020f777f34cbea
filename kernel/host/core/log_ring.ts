// The recent log lines, kept by core and offered as the ROM module "log" to the top init's label alone (a shell's `log` reads it through a route that names it).
import { type Console, printable } from "../devices/console.ts";

/**
 * The last `limit` lines written to the console, passed on to it as they come. Every line core
 * writes comes through here: its control characters are escaped (printable), whoever chose them.
 */
export class LogRing implements Console {
  private lines: string[] = [];
  private cached: Uint8Array | null = null;
  version = 1;
  /** Told after each line: core signals the ROM sessions of "log" that asked for changes. */
  changed: (() => void) | null = null;

  constructor(private readonly next: Console, private readonly limit = 400) {}

  write(raw: string): void {
    const line = printable(raw);
    this.next.write(line);
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    this.cached = null;
    this.version++;
    this.changed?.();
  }

  /** The lines as the module's content, one per line (made when asked, kept until the next line). */
  bytes(): Uint8Array {
    this.cached ??= new TextEncoder().encode(this.lines.map((l) => l + "\n").join(""));
    return this.cached;
  }
}
