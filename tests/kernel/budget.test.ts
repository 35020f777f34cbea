// kernel.wasm stays small: at most 32 KiB of binary and 2,000 lines of source.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { imageDir, repoRoot } from "../support/paths.ts";

describe("the kernel's budget", () => {
  it("kernel.wasm is at most 32 KiB", () => {
    expect(statSync(path.join(imageDir, "kernel.wasm")).size).toBeLessThanOrEqual(32 * 1024);
  });

  it("its source is at most 2,000 lines", () => {
    const dir = path.join(repoRoot, "kernel");
    const lines = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .reduce((n, f) => n + readFileSync(path.join(dir, f), "utf8").split("\n").length, 0);
    expect(lines).toBeGreaterThan(100);
    expect(lines).toBeLessThanOrEqual(2000);
  });
});
