#!/usr/bin/env node
// npm's prepare: builds Wasmode in a checkout (npm ci); an installed package comes built and has nothing to do.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
const root = new URL("..", import.meta.url);
if (existsSync(new URL("tsconfig.build.json", root))) {
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (r.error) process.stderr.write(`prepare: could not run npm run build: ${r.error.message}\n`);
  process.exit(r.status ?? 1);
}
