// The default system's shell on a screen, with a compiler device, as the builder's tests drive it: boot, and what a command printed.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import type { Compiler } from "../../../kernel/host/devices/compiler.ts";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import { repoRoot } from "../../support/paths.ts";
import { Screen } from "../../shell/screen.ts";

export const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");

/** The default system with `compiler`, its shell on a screen wide and tall enough for a build's lines. */
export async function bootWithCompiler(compiler: Compiler, columns = 160, rows = 60, storage = new MemoryStorage()): Promise<Screen> {
  const s = new Screen(storage, columns, rows);
  s.compiler = compiler;
  return s.boot(defaultSystem);
}

/** Types `command` on a clean screen and gives what it printed up to the next prompt (a build's whole progress). */
export async function run(s: Screen, command: string): Promise<string[]> {
  await s.type(`clear\r${command}\r`);
  const rows = s.rows();
  const start = rows.map((r) => r.endsWith(`$ ${command}`)).lastIndexOf(true);
  expect(start, `the screen shows "${command}":\n${rows.join("\n")}`).toBeGreaterThanOrEqual(0);
  return rows.slice(start + 1, -1);
}
