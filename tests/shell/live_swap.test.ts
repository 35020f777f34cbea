// The default system's services and the shell across live swaps: the shell keeps its history and working directory, report_rom the runtime's state, fs the files, src_fs the sources, terminal the input.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";
import { imageModule, swap } from "../kernel/host/live_swap_system.ts";
import type { SwapOutcome } from "../../kernel/host/live_swap.ts";
import { Screen } from "./screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");

/** The label of the default system's component `name` (init's child). */
function labelOf(s: Screen, name: string): string {
  const label = s.run.sys.servers.find((x) => x?.label.endsWith(` -> ${name}`) || x?.label === name)?.label;
  if (!label) throw new Error(`no component ${name}`);
  return label;
}

async function swapped(s: Screen, name: string): Promise<SwapOutcome> {
  const outcome = await swap(s.run, labelOf(s, name), await imageModule(`${name === "shell" ? "shell" : name}.wasm`));
  expect(outcome.kind, `${name}: ${"reason" in outcome ? outcome.reason : ""}`).toBe("restored");
  return outcome;
}

/** What the screen shows after the line `command` was typed, up to the next prompt. */
async function run(s: Screen, command: string): Promise<string[]> {
  await s.type(`clear\r${command}\r`);
  const rows = s.rows();
  const start = rows.map((r) => r.endsWith(`$ ${command}`)).lastIndexOf(true);
  expect(start, `the screen shows "${command}": ${rows.join("\n")}`).toBeGreaterThanOrEqual(0);
  return rows.slice(start + 1, -1);
}

describe("the default system across live swaps", () => {
  it("the shell keeps its history and working directory; fs its files; report_rom the runtime's state", async () => {
    const s = await new Screen().boot(defaultSystem);
    await run(s, "echo kept > /note");
    await run(s, "cd /build");
    expect(await run(s, "pwd")).toEqual(["/build"]);
    const ps = await run(s, "ps");
    for (const name of ["shell", "fs", "report_rom", "timer", "terminal", "src_fs"]) await swapped(s, name);
    // Up three times: the lines before the swaps, from the history the old instance kept (ps, clear, pwd); it runs in the kept directory.
    await s.type("\x1b[A\x1b[A\x1b[A");
    expect(s.rows().at(-1)).toBe("/build $ pwd");
    await s.type("\r");
    expect(s.rows().slice(-2)).toEqual(["/build", "/build $ "]);
    expect(await run(s, "cat /note")).toEqual(["kept"]);
    expect(await run(s, "ps")).toEqual(ps);
    expect(await run(s, "ls /src/components/hello")).toContain("main.ts");
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);
});
