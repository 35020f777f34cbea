// fs's live-state hooks: a live swap keeps its tree, its sessions and their open handles.
import { describe, expect, it } from "vitest";
import { initConfig, startSystem, testComponent, waitFor } from "../../support/system.ts";
import { imageModule, swap } from "../../kernel/host/live_swap_system.ts";

describe("fs across a live swap", () => {
  it("a client reads on through a handle opened before, writes through another and reads the file back", async () => {
    const run = await startSystem(initConfig(`
      <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
      <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
        <config> <policy label_prefix="swap_reader" root="/" writeable="yes"/> <content> <inline name="motd">hi</inline> </content> </config> </start>
      <start name="swap_reader"/>`), { swap_reader: await testComponent("tests/components/fs/assembly/swap_reader.ts") });
    await waitFor(run, (l) => l.includes("[init -> swap_reader] byte 2: c"));
    const outcome = await swap(run, "init -> fs", await imageModule("fs.wasm"));
    expect(outcome.kind, "reason" in outcome ? outcome.reason : "").toBe("restored");
    await waitFor(run, (l) => l.includes("[init -> swap_reader] byte 8: i"));
    const reader = run.lines.filter((l) => l.startsWith("[init -> swap_reader]"));
    expect(reader).toEqual([
      "[init -> swap_reader] handles 1 2",
      ...["a", "b", "c", "d", "e", "f", "g"].map((c, i) => `[init -> swap_reader] byte ${i}: ${c}`),
      "[init -> swap_reader] write 3 close 0",
      "[init -> swap_reader] /g: xyz",
      "[init -> swap_reader] byte 7: h",
      "[init -> swap_reader] byte 8: i",
    ]);
    expect(run.sys.faults).toEqual([]);
  }, 60_000);
});
