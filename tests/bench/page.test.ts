// The page bench without a browser: it is skipped with a line naming why, rather than failing the bench.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { repoRoot } from "../support/paths.ts";

const built = existsSync(path.join(repoRoot, "web/dist/index.html"));

describe("the page bench", () => {
  it.skipIf(!built)("is skipped, naming the missing browser, when chromium is not where it is looked for", async () => {
    // A chromium named but not there is no browser: the bench says so and goes on.
    vi.stubEnv("WASMODE_CHROMIUM", path.join(repoRoot, "no-such-chromium"));
    const { benchPage, Skipped } = await import("../../bench/page.ts");
    const err = await benchPage(1, 0).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Skipped);
    expect((err as Error).message).toMatch(/^no browser: WASMODE_CHROMIUM=.*no-such-chromium does not start as chromium \(.*ENOENT\); /);
  });
});
