// Browser device: the terminal the page draws (xterm.js), reached from the OS worker by messages.
//
// The worker's side of it: output goes out as messages, input and resizes come in as messages.
// Writes within one host task are sent as one message: the shell echoes key by key, and one
// message per byte would keep the page busy for nothing.
import { QueuedTerminal } from "./terminal.ts";

export class PortTerminal extends QueuedTerminal {
  private pending: Uint8Array[] = [];

  /** `send` posts bytes to the page; the size is the page's terminal's at boot. */
  constructor(private send: (bytes: Uint8Array) => void, columns: number, rows: number) {
    super({ columns, rows });
  }

  write(bytes: Uint8Array): void {
    if (this.pending.length === 0) queueMicrotask(this.flush);
    this.pending.push(bytes.slice());
  }

  private flush = (): void => {
    const parts = this.pending;
    this.pending = [];
    if (parts.length === 1) return this.send(parts[0]!);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    this.send(out);
  };
}
