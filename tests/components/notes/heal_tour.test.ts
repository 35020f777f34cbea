// The README's tour "Heal a running system", walked through the default system's shell in Node: exploit notes, read its source, fix it, build --swap, and see the exploit fail while notes kept its sessions.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { bootWithCompiler, run } from "../builder/build_screen.ts";
import type { Screen } from "../../shell/screen.ts";
import { repoRoot } from "../../support/paths.ts";
import { readmeFix } from "./fixed_notes.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());


const diaryLines = (s: Screen): string[] =>
  s.run.lines.filter((l) => l.startsWith("[init -> diary] ")).map((l) => l.slice("[init -> diary] ".length));

/** The fix typed in the editor: notePath's body (lines 8 to 17) becomes the check. */
export async function typeFix(s: Screen): Promise<void> {
  await s.type("edit /src/components/notes/note_path.ts\r");
  expect(s.rows()[7]).toBe("  const parts = dir.split(\"/\");");
  await s.type("\x1b[B".repeat(7) + "\x0b".repeat(10)
    + `  // A name is one element of a path: it never leaves its client's directory.\r`
    + `  if (name.length == 0 || name.includes("/") || name == "." || name == "..") return "";\r`
    + `  return dir + "/" + name;\r` + "\x13\x18");
}

describe("Heal a running system (README)", () => {
  it("exploits notes, fixes it, swaps it in place: the exploit fails, sessions and counts are kept", async () => {
    const s = await bootWithCompiler(compiler, 200, 60);
    expect(await run(s, "notes write mine my first note")).toEqual([]);
    // The exploit: a note's name that climbs into the diary's directory, written with notes's authority.
    expect(await run(s, "notes write ../diary/today pwned")).toEqual([]);
    expect(await run(s, "log diary")).toContain(`[init -> diary] my note "today" was changed behind my back: pwned`);
    // The source: the join resolves `..`.
    expect(await run(s, "cat /src/components/notes/note_path.ts")).toContain(`    if (p == "..") { if (parts.length > 1) parts.pop(); continue; }`);
    await typeFix(s);
    const swapped = await run(s, "build notes --swap");
    expect(swapped.at(-1), swapped.join("\n")).toMatch(/^notes: swapped in place \(state kept: \d+ bytes\)$/);
    // ps names notes's new binary: the sha256 the build printed, version 2, on probation.
    const sha = /sha256 ([0-9a-f]{8})[0-9a-f]*,.*-> \/build\/notes\.wasm, signed/m.exec(swapped.join("\n"))![1]!;
    expect(await run(s, "ps")).toContainEqual(expect.stringMatching(new RegExp(`^init -> notes +2 +probation +${sha} *$`)));
    // The exploit is refused now; the shell's session went on, with its count from before the swap.
    expect(await run(s, "notes write ../diary/today pwned again")).toEqual([
      "notes: ../diary/today: refused: not a note's name, or too long (a name is one word of at most 128 bytes: no /, no .., not empty; a text at most 2048 bytes)",
    ]);
    expect(await run(s, "notes read mine")).toEqual(["my first note"]);
    expect(await run(s, "notes list")).toEqual(["mine", "(1 note, 2 written through this session)"]);
    // The diary's session and watch went on too: a change of its note reaches it through the new notes.
    await run(s, `echo "Dear diary, I was here" > /notes/diary/today`);
    expect(diaryLines(s)).toEqual([
      `wrote my note "today": Dear diary, today I kept a note.`,
      `my note "today" was changed behind my back: pwned`,
      `my note "today" was changed behind my back: Dear diary, I was here`,
    ]);
    expect(s.run.sys.faults).toEqual([]);
  }, 180_000);

  it("the README's scripted fix, typed as it stands, writes the fixed note_path.ts", async () => {
    const s = await bootWithCompiler(compiler, 400, 60);
    const line = /^(echo 'export function notePath.*)$/m.exec(readFileSync(path.join(repoRoot, "README.md"), "utf8"))![1]!;
    expect(await run(s, line)).toEqual([]);
    expect((await run(s, "cat /src/components/notes/note_path.ts")).join("\n") + "\n").toBe(readmeFix());
  });

  it("the fix as the tour types it builds", async () => {
    const s = await bootWithCompiler(compiler, 200, 60);
    await typeFix(s);
    expect(await run(s, "cat /src/components/notes/note_path.ts")).toContain(`  if (name.length == 0 || name.includes("/") || name == "." || name == "..") return "";`);
    const built = await run(s, "build --dev notes");
    expect(built.at(-1), built.join("\n")).toBe("build: 1 built");
  }, 180_000);
});
