// SHA-256 (FIPS 180-4), read by both compilers as kernel/abi.ts is: the builder hashes its inputs and outputs with it, core the binaries it loads.
//
// Every value is a 32-bit pattern. AssemblyScript's u32 arithmetic wraps by itself; TypeScript's
// numbers do not, so each sum is folded back with `>>> 0` and words live in Uint32Arrays, which
// both languages store modulo 2^32. kernel/host/portable.d.ts names u32 and i32 for TypeScript.

const ROUND: u32[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const INITIAL: u32[] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function rotr(x: u32, n: u32): u32 {
  return ((x >>> n) | (x << (32 - n))) >>> 0;
}

/** A hash being computed: update() with the bytes in order, then hex() or digest() once. */
export class Sha256 {
  private state: Uint32Array = new Uint32Array(8);
  private words: Uint32Array = new Uint32Array(64);
  /** The block being filled, and how much of it is. */
  private block: Uint8Array = new Uint8Array(64);
  private filled: i32 = 0;
  /** Bytes hashed so far, as a count of whole blocks and the rest (so lengths past 2^32 stay exact). */
  private blocks: u32 = 0;

  constructor() {
    for (let i: i32 = 0; i < 8; i++) this.state[i] = INITIAL[i];
  }

  update(bytes: Uint8Array): Sha256 {
    let i: i32 = 0;
    const n: i32 = bytes.length;
    while (i < n) {
      // Whole blocks straight from the input; a partial one through `block`.
      if (this.filled == 0 && n - i >= 64) {
        this.compress(bytes, i);
        this.blocks++;
        i += 64;
        continue;
      }
      this.block[this.filled++] = bytes[i++];
      if (this.filled == 64) {
        this.compress(this.block, 0);
        this.blocks++;
        this.filled = 0;
      }
    }
    return this;
  }

  /** The 32 bytes of the hash. The object is spent afterwards. */
  digest(): Uint8Array {
    const rest = this.filled;
    // The length in bits, as two words: blocks * 512 + rest * 8.
    const low: u32 = ((this.blocks << 9) + <u32>(rest << 3)) >>> 0;
    const high: u32 = (this.blocks >>> 23) + (low < ((this.blocks << 9) >>> 0) ? 1 : 0);
    this.block[this.filled++] = 0x80;
    if (this.filled > 56) {
      while (this.filled < 64) this.block[this.filled++] = 0;
      this.compress(this.block, 0);
      this.filled = 0;
    }
    while (this.filled < 56) this.block[this.filled++] = 0;
    for (let k: i32 = 0; k < 4; k++) {
      this.block[56 + k] = <u8>((high >>> (24 - 8 * k)) & 0xff);
      this.block[60 + k] = <u8>((low >>> (24 - 8 * k)) & 0xff);
    }
    this.compress(this.block, 0);
    const out = new Uint8Array(32);
    for (let j: i32 = 0; j < 8; j++) {
      const v: u32 = this.state[j];
      for (let k: i32 = 0; k < 4; k++) out[j * 4 + k] = <u8>((v >>> (24 - 8 * k)) & 0xff);
    }
    return out;
  }

  /** The hash as 64 lower-case hex digits. */
  hex(): string {
    return toHex(this.digest());
  }

  private compress(bytes: Uint8Array, at: i32): void {
    const w = this.words;
    for (let t: i32 = 0; t < 16; t++) {
      const p = at + t * 4;
      w[t] = ((<u32>bytes[p] << 24) | (<u32>bytes[p + 1] << 16) | (<u32>bytes[p + 2] << 8) | <u32>bytes[p + 3]) >>> 0;
    }
    for (let t: i32 = 16; t < 64; t++) {
      const a: u32 = w[t - 15], b: u32 = w[t - 2];
      const s0: u32 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1: u32 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
    }
    const s = this.state;
    let a: u32 = s[0], b: u32 = s[1], c: u32 = s[2], d: u32 = s[3];
    let e: u32 = s[4], f: u32 = s[5], g: u32 = s[6], h: u32 = s[7];
    for (let t: i32 = 0; t < 64; t++) {
      const s1: u32 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch: u32 = (e & f) ^ (~e & g);
      const t1: u32 = (h + s1 + ch + ROUND[t] + w[t]) >>> 0;
      const s0: u32 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj: u32 = (a & b) ^ (a & c) ^ (b & c);
      const t2: u32 = (s0 + maj) >>> 0;
      h = g; g = f; f = e;
      e = (d + t1) >>> 0;
      d = c; c = b; b = a;
      a = (t1 + t2) >>> 0;
    }
    s[0] = (s[0] + a) >>> 0; s[1] = (s[1] + b) >>> 0; s[2] = (s[2] + c) >>> 0; s[3] = (s[3] + d) >>> 0;
    s[4] = (s[4] + e) >>> 0; s[5] = (s[5] + f) >>> 0; s[6] = (s[6] + g) >>> 0; s[7] = (s[7] + h) >>> 0;
  }
}

const HEX = "0123456789abcdef";

/** Bytes as lower-case hex digits. */
export function toHex(bytes: Uint8Array): string {
  const out = new Array<string>();
  for (let i: i32 = 0; i < bytes.length; i++) {
    const v: i32 = bytes[i];
    out.push(HEX.charAt(v >> 4) + HEX.charAt(v & 15));
  }
  return out.join("");
}

/** The SHA-256 of `bytes`, as 64 hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return new Sha256().update(bytes).hex();
}
