#!/usr/bin/env node
// Launches the compiled CLI (npm run build compiles bin/wasmode.ts to dist/).
import { existsSync } from "node:fs";
const entry = new URL("../dist/bin/wasmode.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("wasmode: not built yet: run `npm run build` first\n");
  process.exit(1);
}
await import(entry.href);
