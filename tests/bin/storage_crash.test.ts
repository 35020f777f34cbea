// Crash safety of the files `wasmode` keeps: killed (SIGKILL) at seeded random points, it loses nothing it committed and tears nothing.
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { wasmode } from "../support/cli.ts";
import { repoRoot } from "../support/paths.ts";
import { random } from "../support/random.ts";

const dir = mkdtempSync(path.join(tmpdir(), "wasmode-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILES = ["/f0", "/f1", "/f2", "/g0", "/g1", "/g2"];

/** A value whose length depends on it, some longer than a storage chunk: a torn one cannot pass for another. */
const value = (round: number, i: number) => `r${round}i${i}-` + "z".repeat(100 + ((round * 7919 + i * 104729) % 4500));

/** Runs `wasmode --storage DIR -c COMMAND` and kills it with SIGKILL after `ms` (if it is still running). */
function runAndKill(command: string, ms: number): Promise<string | null> {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin/wasmode.js"), "--storage", dir, "-c", command], { cwd: repoRoot, stdio: "ignore" });
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  return new Promise((resolve) => child.on("exit", (_code, signal) => { clearTimeout(timer); resolve(signal); }));
}

/** Every file's content, read by booting the system again on the same storage. */
async function contents(): Promise<Map<string, string>> {
  const r = await wasmode("--storage", dir, "-c", FILES.map((f) => `cat ${f}`).join("; "));
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const lines = r.stdout.split("\r\n");
  return new Map(FILES.map((f, i) => [f, lines[i]!]));
}

describe("wasmode killed while it writes its files", () => {
  it("keeps every committed file whole: each holds one of the values written, and the store loads", async () => {
    const written = new Map(FILES.map((f) => [f, new Set<string>()]));
    // A first, complete run: every file exists from here on.
    const first = FILES.map((f) => `echo ${value(0, 0)} > ${f}`).join("; ");
    expect((await wasmode("--storage", dir, "-c", first)).code).toBe(0);
    for (const f of FILES) written.get(f)!.add(value(0, 0));
    const next = random(6);
    let kills = 0;
    for (let round = 1; round <= 16; round++) {
      // Files rewritten in place (truncate and write through one handle: echo, cp) and replaced by a rename.
      const steps: string[] = [];
      for (let i = 0; i < 30; i++) {
        const v = value(round, i), k = i % 3, l = (k + 1) % 3;
        steps.push(`echo ${v} > /t`, `cp /t /g${k}`, `mv /t /f${k}`, `cp /f${k} /g${l}`);
        for (const f of [`/g${k}`, `/f${k}`, `/g${l}`]) written.get(f)!.add(v);
      }
      if ((await runAndKill(steps.join("; "), 200 + Math.floor(next() * 300))) === "SIGKILL") kills++;
      for (const [f, content] of await contents()) expect(written.get(f)!.has(content), `${f} after round ${round}: ${content.slice(0, 40)}…`).toBe(true);
    }
    // Most runs died midway (the delays are seeded: this holds on every run of the test).
    expect(kills).toBeGreaterThan(4);
  }, 30_000);
});
