// The SDK's unified diff (components/lib/unified_diff.ts): hunks as diff -u prints them, shortest, and patch gives the new text back.
import { beforeAll, describe, expect, it } from "vitest";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { random as seeded } from "../../support/random.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/unified_diff_harness.ts"]);
});

const diff = (a: string, b: string): string => callForString(m, "diff", a, b);

/** Lines with their newlines, as the diff splits them. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Applies a unified diff to `old` as patch would, checking every context and removed line. */
function patch(old: string, unified: string): string {
  if (unified === "") return old;
  const a = lines(old);
  const rows = unified.split("\n");
  expect(rows[0]).toBe("--- base/f");
  expect(rows[1]).toBe("+++ f");
  const out: string[] = [];
  let at = 0;
  let r = 2;
  while (r < rows.length && rows[r] !== "") {
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(rows[r]);
    expect(h, rows[r]).not.toBeNull();
    const oldCount = h![2] === undefined ? 1 : Number(h![2]);
    const oldStart = oldCount === 0 ? Number(h![1]) : Number(h![1]) - 1;
    while (at < oldStart) out.push(a[at++]);
    r++;
    let last = "";
    while (r < rows.length && /^[ +\-\\]/.test(rows[r])) {
      const row = rows[r++];
      if (row.startsWith("\\")) {
        // The line before has no newline: take it back off what was written (an added or a kept line).
        if (last !== "-") out[out.length - 1] = out[out.length - 1].replace(/\n$/, "");
        if (last !== "+") expect(a[at - 1].endsWith("\n")).toBe(false);
        continue;
      }
      last = row[0];
      const text = row.slice(1) + "\n";
      if (row[0] === "+") { out.push(text); continue; }
      expect(a[at]?.replace(/\n?$/, "\n")).toBe(text);
      if (row[0] === " ") out.push(a[at]);
      at++;
    }
  }
  while (at < a.length) out.push(a[at++]);
  return out.join("");
}

/** The least number of removed plus added lines (by the longest common subsequence). */
function shortest(a: string[], b: string[]): number {
  const row = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return a.length + b.length - 2 * row[b.length];
}

const changed = (unified: string) => unified.split("\n").filter((l) => /^[+-]/.test(l) && !/^(---|\+\+\+) /.test(l)).length;

describe("unified diff", () => {
  it("is empty for equal texts", () => {
    expect(diff("", "")).toBe("");
    expect(diff("a\nb\n", "a\nb\n")).toBe("");
  });

  it("shows a changed line with three lines of context, as diff -u does", () => {
    const old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    expect(diff(old, old.replace("5\n", "five\n"))).toBe("--- base/f\n+++ f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  });

  it("shows a new file as all added, and an emptied one as all removed", () => {
    expect(diff("", "a\nb\n")).toBe("--- base/f\n+++ f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(diff("a\n", "")).toBe("--- base/f\n+++ f\n@@ -1 +0,0 @@\n-a\n");
  });

  it("keeps changes far apart in hunks of their own, and near ones in one", () => {
    const old = Array.from({ length: 30 }, (_, i) => `${i}\n`).join("");
    const far = diff(old, old.replace("2\n", "two\n").replace("20\n", "twenty\n"));
    expect(far.split("\n").filter((l) => l.startsWith("@@"))).toEqual(["@@ -1,6 +1,6 @@", "@@ -18,7 +18,7 @@"]);
    const near = diff(old, old.replace("10\n", "ten\n").replace("16\n", "sixteen\n"));
    expect(near.split("\n").filter((l) => l.startsWith("@@"))).toEqual(["@@ -8,13 +8,13 @@"]);
  });

  it("marks a last line without a newline", () => {
    expect(diff("a\nb", "a\nb\n")).toBe("--- base/f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  });

  it("gives a shortest diff that patch turns into the new text, for random edits", () => {
    const random = seeded(16);
    const words = ["a", "b", "c", "d", "{", "}", ""];
    for (let n = 0; n < 150; n++) {
      const a = Array.from({ length: Math.floor(random() * 40) }, () => words[Math.floor(random() * words.length)]);
      const b = a.filter(() => random() > 0.2);
      for (let i = 0; i < 5; i++) b.splice(Math.floor(random() * (b.length + 1)), 0, words[Math.floor(random() * words.length)]);
      const oldText = a.join("\n") + (random() > 0.5 ? "\n" : "");
      const newText = b.join("\n") + (random() > 0.5 ? "\n" : "");
      const d = diff(oldText, newText);
      expect(patch(oldText, d), JSON.stringify([oldText, newText])).toBe(newText);
      expect(changed(d)).toBe(shortest(lines(oldText), lines(newText)));
    }
  });

  it("still gives a correct diff when the texts differ past its search bound", () => {
    const old = Array.from({ length: 400 }, (_, i) => `old ${i}\n`).join("");
    const now = Array.from({ length: 400 }, (_, i) => (i % 2 ? `new ${i}\n` : `old ${i}\n`)).join("");
    expect(patch(old, diff(old, now))).toBe(now);
  });
});
