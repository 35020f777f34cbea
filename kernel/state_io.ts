// The cursor a kernel state's save and load go through: words in and out of a buffer, or only counted.
//
// Save runs twice with the same code: once counting (k_state_size), once writing. Load reads words
// and notes a read past the end instead of trapping, so a short state is refused, not a trap.

let at: usize = 0;
let end: usize = 0;
let counting = false;
let short = false;

/** The next puts only count the bytes they would write. */
export function countStart(): void { at = 0; end = 0; counting = true; short = false; }

/** The next puts write at `ptr`, at most `len` bytes; the next gets read from there. */
export function bufferStart(ptr: usize, len: usize): void { at = ptr; end = ptr + len; counting = false; short = false; }

/** Bytes counted since countStart, or the address after the last word written or read. */
export function position(): usize { return at; }

/** True when a put did not fit or a get read past the end. */
export function overrun(): bool { return short; }

/** Bytes left to read. */
export function remaining(): usize { return end > at ? end - at : 0; }

export function put32(v: u32): void {
  if (!counting) {
    if (at + 4 > end) { short = true; return; }
    store<u32>(at, v);
  }
  at += 4;
}

export function put64(v: u64): void { put32(<u32>v); put32(<u32>(v >> 32)); }

export function get32(): u32 {
  if (at + 4 > end) { short = true; return 0; }
  const v = load<u32>(at);
  at += 4;
  return v;
}

export function get64(): u64 { const lo = <u64>get32(); return lo | (<u64>get32() << 32); }
