// Core's own question on the terminal: while it waits, the typed line goes to core, never to the terminal's client.
//
// A decorator of the terminal device (boot.ts puts it between the device and core's Terminal
// service): with no question pending it passes everything through; with one, it writes the
// question, echoes what is typed, and hides the input from the client until Enter answers it.
import type { Terminal, TerminalListener, TerminalSize } from "../devices/terminal.ts";

const encoder = new TextEncoder(), decoder = new TextDecoder();

interface Question { text: string; answer: (line: string) => void }

export class TrustedPrompt implements Terminal {
  private listener: TerminalListener | null = null;
  private question: Question | null = null;
  private typed = "";
  private waiting: Question[] = [];

  constructor(private device: Terminal) {
    device.listen({ input: () => this.input(), resize: () => this.listener?.resize() });
  }

  /** Whether a person can answer here: a device that is no terminal (a script's) cannot. */
  get interactive(): boolean { return this.device.interactive !== false; }

  /** Asks `text` on the terminal; `answer` gets the line typed (without its Enter). One question at a time, in order. */
  ask(text: string, answer: (line: string) => void): void {
    this.waiting.push({ text, answer });
    if (!this.question) this.next();
  }

  private next(): void {
    this.question = this.waiting.shift() ?? null;
    if (!this.question) {
      // Input typed meanwhile is the client's again.
      if (this.device.avail() > 0) this.listener?.input();
      return;
    }
    this.typed = "";
    this.device.write(encoder.encode(`\r\n\x1b[1m[core] ${this.question.text}\x1b[0m `));
    this.input();
  }

  private input(): void {
    if (!this.question) {
      this.listener?.input();
      return;
    }
    for (;;) {
      const bytes = this.device.read(256);
      if (bytes.length === 0) return;
      for (const b of bytes) {
        if (b === 13 || b === 10) {
          const q = this.question!, line = this.typed;
          this.device.write(encoder.encode("\r\n"));
          this.question = null;
          q.answer(line);
          this.next();
          if (!this.question) return;
        } else if (b === 127 || b === 8) {
          if (this.typed.length > 0) {
            this.typed = this.typed.slice(0, -1);
            this.device.write(encoder.encode("\b \b"));
          }
        } else if (b >= 32 && this.typed.length < 80) {
          const c = decoder.decode(new Uint8Array([b]));
          this.typed += c;
          this.device.write(encoder.encode(c));
        }
      }
    }
  }

  write(bytes: Uint8Array): void { this.device.write(bytes); }
  read(max: number): Uint8Array { return this.question ? new Uint8Array(0) : this.device.read(max); }
  avail(): number { return this.question ? 0 : this.device.avail(); }
  size(): TerminalSize { return this.device.size(); }
  listen(listener: TerminalListener | null): void { this.listener = listener; }
}
