// The shell as a client of the notes service in the default system: notes write, read and list, their errors, and the diary beside it.
import { describe, expect, it } from "vitest";
import { defaultSystem, run } from "../components/builder/build_screen.ts";
import { Screen } from "./screen.ts";

function diaryLines(s: Screen): string[] {
  return s.run.lines.filter((l) => l.startsWith("[init -> diary] ")).map((l) => l.slice("[init -> diary] ".length));
}

describe("notes in the shell (system/default.xml)", () => {
  it("writes, reads and lists the shell's notes, each error one clear line", async () => {
    const s = await new Screen(undefined, 400, 40).boot(defaultSystem);
    expect(await run(s, "notes write mine my first note")).toEqual([]);
    expect(await run(s, "notes read mine")).toEqual(["my first note"]);
    expect(await run(s, "notes write second x; notes write mine changed")).toEqual([]);
    expect(await run(s, "notes list")).toEqual(["mine", "second", "(2 notes, 3 written through this session)"]);
    expect(await run(s, "notes read mine")).toEqual(["changed"]);
    expect(await run(s, "notes read nothing")).toEqual(["notes: nothing: no such note"]);
    expect(await run(s, "notes write " + "n".repeat(129) + " x")).toEqual([
      `notes: ${"n".repeat(129)}: refused: not a note's name, or too long (a name is one word of at most 128 bytes: no /, no .., not empty; a text at most 2048 bytes)`,
    ]);
    expect(await run(s, "notes")).toEqual(["notes: notes write NAME TEXT, notes read NAME, notes list"]);
    expect(await run(s, "notes frob")).toEqual(["notes: unknown: frob (notes write NAME TEXT, notes read NAME, notes list)"]);
    expect(await run(s, "notes write onlyname")).toEqual(["notes: notes write NAME TEXT"]);
    // The notes are the service's files, where its fs policy puts them: the shell sees them in fs.
    expect(await run(s, "ls /notes/shell")).toEqual(["mine", "second"]);
    expect(s.run.sys.faults).toEqual([]);
  });

  it("lets a name climb into the diary's notes (the flaw of the shipped notes), and the diary notices", async () => {
    const s = await new Screen(undefined, 160, 40).boot(defaultSystem);
    expect(diaryLines(s)).toEqual([`wrote my note "today": Dear diary, today I kept a note.`]);
    expect(await run(s, "notes write ../diary/today pwned")).toEqual([]);
    expect(diaryLines(s)).toContain(`my note "today" was changed behind my back: pwned`);
    expect(await run(s, "log diary")).toContain(`[init -> diary] my note "today" was changed behind my back: pwned`);
    expect(await run(s, "cat /notes/diary/today")).toEqual(["pwned"]);
    expect(s.run.sys.faults).toEqual([]);
  });
});
