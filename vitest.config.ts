// Vitest: tests compile AssemblyScript on first use (a few seconds each on a busy machine), so allow time.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ["tests/support/global_setup.ts"],
  },
});
