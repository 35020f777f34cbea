// Bytes a session stages piece by piece (a blob for storage, a source file for the compiler): the buffer grows by doubling.

export class StagedBytes {
  bytes = new Uint8Array(0);
  length = 0;

  append(piece: Uint8Array): void {
    if (this.length + piece.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.length + piece.length, this.bytes.length * 2, 256));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(piece, this.length);
    this.length += piece.length;
  }

  /** The bytes staged, as a copy of their own. */
  take(): Uint8Array { return this.bytes.slice(0, this.length); }
}
