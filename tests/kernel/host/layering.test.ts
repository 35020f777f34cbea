// The host is one core for Node and the browser: platform code lives only in device files.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../support/paths.ts";

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("kernel/host layering", () => {
  const host = path.join(repoRoot, "kernel/host");
  const files = tsFiles(host).map((f) => path.relative(repoRoot, f));

  it("imports Node modules only in device files named node_*", () => {
    const offenders = files.filter((f) => /from "node:|require\(|process\./.test(readFileSync(path.join(repoRoot, f), "utf8")) && !/devices\/node_[a-z_]+\.ts$/.test(f));
    expect(offenders).toEqual([]);
  });

  it("touches no DOM", () => {
    const offenders = files.filter((f) => /\b(document|window)\./.test(readFileSync(path.join(repoRoot, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("opens every file with a line saying what it holds", () => {
    for (const f of files) expect(readFileSync(path.join(repoRoot, f), "utf8").startsWith("// "), f).toBe(true);
  });

  it("lets the IPC path and the gates reach the system through their narrow interfaces (IpcHost, GateHost), not System", () => {
    for (const f of ["kernel/host/ipc.ts", "kernel/host/gate.ts"]) expect(readFileSync(path.join(repoRoot, f), "utf8"), f).not.toMatch(/from "\.\/system\.ts"/);
  });
});
