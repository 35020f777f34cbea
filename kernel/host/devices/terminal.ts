// The terminal device: bytes out, a queue of bytes typed in, a size in columns and rows that may change.
//
// Platform-neutral: the TTY in Node (node_terminal.ts), later xterm in the page, and BufferTerminal
// here for tests. Core's Terminal service (core/terminal_service.ts) is its one user: it attaches
// a listener and hears of input and resizes; the input waits in the device until core reads it.

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What the device tells its user; called outside any activation (a host event). */
export interface TerminalListener {
  /** New input bytes are queued. */
  input(): void;
  /** The size changed. */
  resize(): void;
}

export interface Terminal {
  /** Writes bytes to the screen as they are (escape sequences included). */
  write(bytes: Uint8Array): void;
  /** Takes up to `max` queued input bytes, oldest first (fewer or none when fewer are queued). */
  read(max: number): Uint8Array;
  /** Number of input bytes queued. */
  avail(): number;
  size(): TerminalSize;
  /** Sets (or, with null, removes) the one listener. */
  listen(listener: TerminalListener | null): void;
  /** False when nobody types here (a script's input): core asks no question it cannot get answered. Default true. */
  readonly interactive?: boolean;
}

/**
 * Input typed but not read yet. Bounded: a flood nobody reads (a paste into a terminal whose
 * client is gone) must not eat the host's memory, so bytes beyond the bound are dropped.
 */
export class InputQueue {
  private chunks: Uint8Array[] = [];
  private first = 0;
  private bytes = 0;

  constructor(readonly limit = 64 * 1024) {}

  get length(): number { return this.bytes; }

  /** Queues what fits; returns the number of bytes queued. */
  push(data: Uint8Array): number {
    const n = Math.min(data.length, this.limit - this.bytes);
    if (n <= 0) return 0;
    this.chunks.push(data.slice(0, n));
    this.bytes += n;
    return n;
  }

  take(max: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(max, this.bytes)));
    let at = 0;
    while (at < out.length) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length - this.first, out.length - at);
      out.set(chunk.subarray(this.first, this.first + n), at);
      at += n;
      this.first += n;
      if (this.first === chunk.length) {
        this.chunks.shift();
        this.first = 0;
      }
    }
    this.bytes -= out.length;
    return out;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What every terminal device shares: the input queue, the one listener, a size that may change.
 * A device supplies write() and calls typed() and resized() as its platform reports keys and sizes.
 */
export abstract class QueuedTerminal implements Terminal {
  private queue = new InputQueue();
  private listener: TerminalListener | null = null;

  constructor(protected current: TerminalSize = { columns: 80, rows: 24 }) {}

  abstract write(bytes: Uint8Array): void;
  read(max: number): Uint8Array { return this.queue.take(max); }
  avail(): number { return this.queue.length; }
  size(): TerminalSize { return { ...this.current }; }
  listen(listener: TerminalListener | null): void { this.listener = listener; }

  /** Input arrived (text as UTF-8): queued, and the listener hears of it. */
  typed(input: string | Uint8Array): void {
    const bytes = typeof input === "string" ? encoder.encode(input) : input;
    if (this.queue.push(bytes) > 0) this.listener?.input();
  }

  /** The window was resized. */
  resized(columns: number, rows: number): void {
    this.current = { columns, rows };
    this.listener?.resize();
  }
}

/** A terminal in memory: tests type input, set the size and read what was written. */
export class BufferTerminal extends QueuedTerminal {
  private out: Uint8Array[] = [];

  constructor(columns = 80, rows = 24) {
    super({ columns, rows });
  }

  write(bytes: Uint8Array): void { this.out.push(bytes.slice()); }

  /** Types `input` (text as UTF-8) as a person at the keyboard would. */
  type(input: string | Uint8Array): void { this.typed(input); }

  /** The window was resized. */
  resize(columns: number, rows: number): void { this.resized(columns, rows); }

  /** Everything written so far, as bytes. */
  output(): Uint8Array {
    const all = new Uint8Array(this.out.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of this.out) {
      all.set(b, at);
      at += b.length;
    }
    return all;
  }

  /** Everything written so far, as text. */
  text(): string { return decoder.decode(this.output()); }
}
