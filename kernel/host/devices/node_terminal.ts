// Node device: the terminal on the process's TTY, in raw mode while in use (restored on close and on exit).
import { QueuedTerminal, type TerminalSize } from "./terminal.ts";

/** The parts of process.stdin / stdout the device uses: tests pass streams of their own. */
export interface TtyInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: "data", fn: (data: Buffer | string) => void): unknown;
  off(event: "data", fn: (data: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TtyOutput {
  columns?: number;
  rows?: number;
  write(data: Uint8Array): unknown;
  on(event: "resize", fn: () => void): unknown;
  off(event: "resize", fn: () => void): unknown;
}

/**
 * Raw mode hands every key to the system as it is typed (no line editing, no echo, Ctrl-C as
 * byte 3): the shell edits lines itself. Whoever embeds the device decides how to get out.
 */
export class NodeTerminal extends QueuedTerminal {
  private raw = false;
  private closed = false;

  /** A TTY has a person at it; a stream (`-c`'s empty one, a pipe) has not. */
  readonly interactive: boolean;

  constructor(private input: TtyInput = process.stdin, private output: TtyOutput = process.stdout) {
    super();
    this.interactive = input.isTTY === true;
    if (input.isTTY && input.setRawMode) {
      input.setRawMode(true);
      this.raw = true;
      // A crash or process.exit must not leave the user's shell in raw mode.
      process.once("exit", this.restore);
    }
    input.on("data", this.onData);
    output.on("resize", this.onResize);
    input.resume();
  }

  write(bytes: Uint8Array): void {
    if (!this.closed) this.output.write(bytes);
  }

  override size(): TerminalSize {
    // A pipe has no size: the classic 80x24.
    return { columns: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  /** Gives the TTY back: cooked mode, no listeners, stdin paused so the process can end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.output.off("resize", this.onResize);
    this.input.pause();
    this.restore();
    process.off("exit", this.restore);
  }

  private onData = (data: Buffer | string): void => {
    this.typed(typeof data === "string" ? data : new Uint8Array(data.buffer, data.byteOffset, data.length));
  };

  private onResize = (): void => { this.resized(this.output.columns || 80, this.output.rows || 24); };

  private restore = (): void => {
    if (this.raw) this.input.setRawMode?.(false);
    this.raw = false;
  };
}
