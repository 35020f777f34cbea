// Node device: the console on the process's standard output, written from a fresh stack.
import { lostNotice, printable, type Console } from "./console.ts";

/** The part of a stream the console uses: process.stdout, or a test's stream. */
export interface LineOutput {
  write(text: string): unknown;
  on?(event: "error", listener: (e: Error) => void): unknown;
}

/**
 * Lines are written to the stream in a microtask, batched, never in the caller's activation: a
 * component that recursed close to the stack limit and then logged would otherwise make the
 * stream's write overflow halfway through, and a Node stream left so (flagged as writing, its
 * callback never called) buffers every later line forever. A stream that fails (a closed pipe)
 * loses the lines, counted; the count goes out with the next line that does.
 */
export class StdoutConsole implements Console {
  private pending: string[] = [];
  private lost = 0;
  private why: unknown = null;

  constructor(private readonly out: LineOutput = process.stdout) {
    // An unhandled 'error' (EPIPE when the reader went away) would end the process.
    out.on?.("error", (e) => { this.why = e; });
  }

  write(line: string): void {
    this.pending.push(printable(line));
    if (this.pending.length === 1) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const lines = this.pending;
    this.pending = [];
    const notice = this.lost > 0 ? lostNotice(this.lost, this.why) + "\n" : "";
    try {
      this.out.write(notice + lines.join("\n") + "\n");
      this.lost = 0;
    } catch (e) {
      this.why = e;
      this.lost += lines.length;
    }
  }
}
