// /src in the shell of the default system: the sources as in the repository, edits in a layer that persists, diff and reset.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { repoRoot } from "../support/paths.ts";
import { Screen, system } from "./screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const HELLO = readFileSync(path.join(repoRoot, "components/hello/main.ts"), "utf8");

/** What the screen shows after the line `command` was typed, up to the next prompt. */
function outputOf(s: Screen, command: string): string[] {
  const rows = s.rows();
  const start = rows.map((r) => r.endsWith(`$ ${command}`)).lastIndexOf(true);
  expect(start, `the screen shows "${command}"`).toBeGreaterThanOrEqual(0);
  return rows.slice(start + 1, -1);
}

/** Types `command` on a clean screen (so that its output fits) and gives what it printed. */
async function run(s: Screen, command: string): Promise<string[]> {
  await s.type(`clear\r${command}\r`);
  return outputOf(s, command);
}

const CHANGED_DIFF = [
  "--- base/components/hello/main.ts",
  "+++ components/hello/main.ts",
  "@@ -1,4 +1,4 @@",
  " // hello: the smallest component: one line to its LOG session.",
  ` import { log } from "../lib/log.ts";`,
  " ",
  `-log("Hello");`,
  `+log("Hello"); // changed`,
];

describe("/src in the shell", () => {
  it("lists the sources as laid out in the repository and prints a file's bytes", async () => {
    const s = await new Screen().boot(defaultSystem);
    expect(await run(s, "ls /")).toContain("src/");
    expect(await run(s, "ls /src")).toEqual(["components/", "kernel/", "shell/", "system/"]);
    expect(await run(s, "ls /src/components/hello")).toEqual(["main.ts", "runtime"]);
    expect(await run(s, "cat /src/components/hello/main.ts")).toEqual(HELLO.trimEnd().split("\n"));
    await s.type("cd /src/comp\t\r");
    expect(await run(s, "pwd")).toEqual(["/src/components"]);
    expect(await run(s, "cat hello/main.ts")).toEqual(HELLO.trimEnd().split("\n"));
    expect(s.run.sys.faults).toEqual([]);
  });

  it("keeps an edit across a reboot with the same storage, shows it with diff and drops it with reset", async () => {
    const storage = new MemoryStorage();
    const first = await new Screen(storage).boot(defaultSystem);
    await first.type("edit /src/components/hello/main.ts\r");
    expect(first.rows()[3]).toBe(`log("Hello");`);
    await first.type("\x1b[B\x1b[B\x1b[B\x05 // changed\x13\x18");
    expect(await run(first, "diff")).toEqual(CHANGED_DIFF);

    const second = await new Screen(storage).boot(defaultSystem);
    expect((await run(second, "cat /src/components/hello/main.ts")).at(-1)).toBe(`log("Hello"); // changed`);
    expect(await run(second, "diff /src/components/hello")).toEqual(CHANGED_DIFF);
    expect(await run(second, "diff /src/kernel")).toEqual([]);
    expect(await run(second, "reset /src/components/hello/main.ts")).toEqual(["reset /src/components/hello/main.ts"]);
    expect(await run(second, "cat /src/components/hello/main.ts")).toEqual(HELLO.trimEnd().split("\n"));
    expect(await run(second, "diff")).toEqual([]);
    expect(await run(second, "reset /src/components/hello/main.ts")).toEqual(["reset: /src/components/hello/main.ts: unchanged (nothing to drop)"]);
    expect(second.run.sys.faults).toEqual([]);
  });

  it("shows a new file as all added, and reset of a directory drops every change in it", async () => {
    const s = await new Screen().boot(defaultSystem);
    await s.type("mkdir /src/components/greet\recho hi > /src/components/greet/main.ts\recho more >> /src/components/greet/main.ts\r");
    expect(await run(s, "diff /src/components/greet")).toEqual([
      "--- /dev/null", "+++ components/greet/main.ts", "@@ -0,0 +1,2 @@", "+hi", "+more",
    ]);
    expect(await run(s, "ls /src/components")).toContain("greet/");
    expect(await run(s, "reset /src/components/greet")).toEqual(["reset /src/components/greet/main.ts"]);
    expect(await run(s, "ls /src/components")).not.toContain("greet/");
    expect(await run(s, "diff /nowhere")).toEqual(["diff: /nowhere: not under /src (diff compares the sources with their changes)"]);
    expect(await run(s, "reset /src/nope")).toEqual(["reset: /src/nope: no such file or directory"]);
  });

  it("refuses to remove or move a file of the base, and nothing changes", async () => {
    const s = await new Screen().boot(defaultSystem);
    expect(await run(s, "rm /src/system/recipe.xml")).toEqual(["rm: /src/system/recipe.xml: permission denied (the built sources are read-only)"]);
    expect(await run(s, "mv /src/system/recipe.xml /src/system/r.xml")).toEqual(["mv: /src/system/recipe.xml: permission denied (the built sources are read-only)"]);
    expect(await run(s, "ls /src/system")).toEqual(["default.xml", "recipe.xml"]);
    expect(await run(s, "mv /src/system/recipe.xml /r.xml")).toEqual(["mv: /src/system/recipe.xml: cannot move to another file system (cp, then rm)"]);
    expect(await run(s, "ls /src/components/hello")).toEqual(["main.ts", "runtime"]);
    expect(await run(s, "diff")).toEqual([]);
    expect(s.run.lines.some((l) => l.includes("rm /system/recipe.xml refused for 'shell -> src': it is in the read-only base"))).toBe(true);
  });

  it("has no /src when its routes grant no src session", async () => {
    // The shell's File_system route takes its root session ("/") only.
    const s = await new Screen().boot(system());
    expect(await run(s, "ls /src")).toEqual(["ls: /src: no such file or directory"]);
    expect(await run(s, "diff")).toEqual(["diff: there is no /src (the shell's routes grant no src session)"]);
  });
});
