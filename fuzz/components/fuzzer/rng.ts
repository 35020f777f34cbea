// The fuzzer's seeded generator (xorshift32 over a scrambled seed): one seed, one sequence of syscalls.

let state: u32 = 1;

/** Starts the sequence of `seed`; splitmix-style scrambling keeps nearby seeds far apart. */
export function seedWith(seed: u32): void {
  let z = seed + 0x9e3779b9;
  z = (z ^ (z >> 16)) * 0x85ebca6b;
  z = (z ^ (z >> 13)) * 0xc2b2ae35;
  z ^= z >> 16;
  state = z != 0 ? z : 1;
}

export function next(): u32 {
  let x = state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  state = x;
  return x;
}

/** Uniform in [0, n); 0 when n is 0. */
export function below(n: u32): u32 { return <u32>((<u64>next() * <u64>n) >> 32); }

/** True with probability pct / 100. */
export function chance(pct: u32): bool { return below(100) < pct; }

/** A word adversaries like: zero, one, all ones, sign bits, off-by-ones around limits, or anything. */
export function nasty(): u32 {
  switch (below(12)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return 0xffffffff;
    case 3: return 0x80000000;
    case 4: return 0x7fffffff;
    case 5: return 4060; // Msg.MaxPayload
    case 6: return 4061;
    case 7: return 4096;
    case 8: return below(64);
    case 9: return 0x10000 + below(16);
    default: return next();
  }
}
