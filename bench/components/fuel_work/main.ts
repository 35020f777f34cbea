// fuel_work: CPU-bound workloads the fuel bench runs metered and unmetered; each returns a checksum.

/** Arithmetic loops: the primes below `n`, by the sieve of Eratosthenes. */
export function sieve(n: i32): i32 {
  const composite = new StaticArray<u8>(n);
  let count = 0;
  for (let i = 2; i < n; i++) {
    if (unchecked(composite[i])) continue;
    count++;
    if (i > n / i) continue; // i * i would pass n (or overflow)
    for (let j = i * i; j < n; j += i) unchecked(composite[j] = 1);
  }
  return count;
}

/** Arithmetic loops: an n×n matrix product, summed. */
export function matmul(n: i32): f64 {
  const a = new StaticArray<f64>(n * n), b = new StaticArray<f64>(n * n), c = new StaticArray<f64>(n * n);
  for (let i = 0; i < n * n; i++) { unchecked(a[i] = <f64>(i % 7)); unchecked(b[i] = <f64>(i % 5)); }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const x = unchecked(a[i * n + k]);
      for (let j = 0; j < n; j++) unchecked(c[i * n + j] += x * unchecked(b[k * n + j]));
    }
  }
  let sum = 0.0;
  for (let i = 0; i < n * n; i++) sum += unchecked(c[i]);
  return sum;
}

/** Recursion at its tightest: every call is a metered entry. */
export function fib(n: i32): i32 { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

class Tree {
  constructor(public left: Tree | null, public right: Tree | null, public value: i32) {}
}

function build(depth: i32, seed: i32): Tree | null {
  if (depth == 0) return null;
  return new Tree(build(depth - 1, seed * 2), build(depth - 1, seed * 2 + 1), seed);
}

function total(t: Tree | null): i32 {
  if (t === null) return 0;
  return t.value + total(t.left) + total(t.right);
}

/** Recursion over data: builds binary trees (garbage for the collector) and sums them. */
export function trees(depth: i32, rounds: i32): i32 {
  let sum = 0;
  for (let r = 0; r < rounds; r++) sum += total(build(depth, r));
  return sum;
}

/** The collector's work: strings built, counted in a Map, sorted. */
export function words(n: i32): i32 {
  const counts = new Map<string, i32>();
  for (let i = 0; i < n; i++) {
    const w = "w" + (i * 7919 % 1000).toString();
    counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
  }
  const keys = counts.keys();
  keys.sort();
  let check = 0;
  for (let i = 0; i < keys.length; i++) check += keys[i].length * counts.get(keys[i]);
  return check;
}
