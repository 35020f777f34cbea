// A build's progress text, as its client reads it piece by piece: lines appended, bounded, never rewritten.
import { BuilderLimit } from "../builder_session/protocol.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";

export class ProgressLog {
  private bytes: Uint8Array = new Uint8Array(1024);
  length: i32 = 0;
  private full: bool = false;

  /** Appends `text` and a newline; past BuilderLimit.Log the rest is cut, saying so once. */
  line(text: string): void {
    if (this.full) return;
    let piece = Uint8Array.wrap(String.UTF8.encode(text + "\n"));
    if (this.length + piece.length > BuilderLimit.Log - 64) {
      piece = Uint8Array.wrap(String.UTF8.encode("(the rest of this build's progress text is cut)\n"));
      this.full = true;
    }
    if (this.length + piece.length > this.bytes.length) {
      const grown = new Uint8Array(max(this.bytes.length * 2, this.length + piece.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(piece, this.length);
    this.length += piece.length;
  }

  /** At most `max` bytes from `offset` (nothing past the end). */
  piece(offset: u32, max: u32): Uint8Array {
    const from = <i32>min(offset, <u32>this.length);
    const to = <i32>min(<u32>from + max, <u32>this.length);
    return this.bytes.slice(from, to);
  }

  /** For a live swap: the text so far and whether it was cut. */
  saveState(w: StateWriter): void {
    w.bytes(this.bytes.subarray(0, this.length));
    w.bool(this.full);
  }

  static restore(r: StateReader): ProgressLog {
    const log = new ProgressLog();
    const bytes = r.bytes();
    log.bytes = bytes.length > 0 ? bytes : new Uint8Array(1024);
    log.length = bytes.length;
    log.full = r.bool();
    return log;
  }
}
