// Line diffs as unified diffs (`---`, `+++`, `@@` hunks), by Myers' algorithm: what `diff -u` prints.
//
// Lines keep their newline, so a last line without one differs from the same line with one and is
// marked `\ No newline at end of file`, as diff and patch do. The lines common to both ends are
// set aside first; in between Myers' greedy search finds a shortest edit script, keeping its
// trace (about D² numbers for D differing lines). Past MAX_EDITS differences the middle is shown
// removed and added whole: still a correct diff, and the memory stays small.
const EQUAL: u8 = 0;
const DELETE: u8 = 1;
const INSERT: u8 = 2;

/** The most differing lines searched for a shortest script. */
const MAX_EDITS: i32 = 256;

/** The lines of `text`, each with its newline (the last may have none). */
export function splitLines(text: string): Array<string> {
  const out = new Array<string>();
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.substring(start, end));
    start = end;
  }
  return out;
}

/** A shortest edit script from a[lo1, hi1) to b[lo2, hi2), appended to `ops`; false when it takes more than MAX_EDITS. */
function myers(a: Array<string>, lo1: i32, hi1: i32, b: Array<string>, lo2: i32, hi2: i32, ops: Array<u8>): bool {
  const n = hi1 - lo1, m = hi2 - lo2;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = new Array<Int32Array>();
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    if (d > MAX_EDITS) return false;
    // What step d reads: v at k - 1 and k + 1 for k in [-d, d].
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[lo1 + x] == b[lo2 + y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { found = d; break; }
    }
  }
  // Back from the end: each step was an insert (down) or a delete (right), then a run of equal lines.
  const reversed = new Array<u8>();
  let x = n, y = m;
  for (let d = found; d >= 0; d--) {
    const t = trace[d];
    const base = d + 1; // t[base + k] is v[k] before step d
    const k = x - y;
    const down = k == -d || (k != d && t[base + k - 1] < t[base + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    // Step 0 starts at the corner: its snake is all there is.
    const prevX = d == 0 ? 0 : t[base + prevK];
    const prevY = d == 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) { reversed.push(EQUAL); x--; y--; }
    if (d > 0) {
      reversed.push(down ? INSERT : DELETE);
      x = prevX;
      y = prevY;
    }
  }
  for (let i = reversed.length - 1; i >= 0; i--) ops.push(reversed[i]);
  return true;
}

/** The edit script from `a` to `b`: EQUAL, DELETE, INSERT per line. */
function editScript(a: Array<string>, b: Array<string>): Array<u8> {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] == b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] == b[b.length - 1 - post]) post++;
  const ops = new Array<u8>();
  for (let i = 0; i < pre; i++) ops.push(EQUAL);
  const mark = ops.length;
  if (!myers(a, pre, a.length - post, b, pre, b.length - post, ops)) {
    ops.length = mark;
    for (let i = pre; i < a.length - post; i++) ops.push(DELETE);
    for (let i = pre; i < b.length - post; i++) ops.push(INSERT);
  }
  for (let i = 0; i < post; i++) ops.push(EQUAL);
  return ops;
}

function range(start: i32, count: i32): string {
  // An empty range names the line before it, as diff -u does.
  const first = count == 0 ? start : start + 1;
  return count == 1 ? first.toString() : first.toString() + "," + count.toString();
}

function line(out: Array<string>, mark: string, text: string): void {
  if (text.endsWith("\n")) out.push(mark + text);
  else out.push(mark + text + "\n\\ No newline at end of file\n");
}

/**
 * The unified diff from `oldText` to `newText` under the names `oldName` and `newName`, with
 * `context` equal lines around each change; "" when they are the same.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context: i32 = 3): string {
  const a = splitLines(oldText), b = splitLines(newText);
  const ops = editScript(a, b);
  // Where each op starts in a and in b.
  const ai = new Int32Array(ops.length + 1), bi = new Int32Array(ops.length + 1);
  for (let i = 0; i < ops.length; i++) {
    ai[i + 1] = ai[i] + (ops[i] != INSERT ? 1 : 0);
    bi[i + 1] = bi[i] + (ops[i] != DELETE ? 1 : 0);
  }
  const out = new Array<string>();
  let i = 0;
  while (i < ops.length) {
    if (ops[i] == EQUAL) { i++; continue; }
    // A hunk: from `context` lines before this change to `context` after the last change that
    // follows with at most 2 × context equal lines between.
    const start = max(0, i - context);
    let last = i;
    let j = i + 1;
    while (j < ops.length) {
      if (ops[j] != EQUAL) {
        if (j - last - 1 > 2 * context) break;
        last = j;
      }
      j++;
    }
    const end = min(ops.length, last + 1 + context);
    if (out.length == 0) out.push("--- " + oldName + "\n+++ " + newName + "\n");
    out.push("@@ -" + range(ai[start], ai[end] - ai[start]) + " +" + range(bi[start], bi[end] - bi[start]) + " @@\n");
    for (let k = start; k < end; k++) {
      if (ops[k] == EQUAL) line(out, " ", a[ai[k]]);
      else if (ops[k] == DELETE) line(out, "-", a[ai[k]]);
      else line(out, "+", b[bi[k]]);
    }
    i = end;
  }
  return out.join("");
}
