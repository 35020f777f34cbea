// Mutated corpus configs: the checker names each problem with its line, the parser never traps, init refuses what it cannot read.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { corpusDir, corpusFiles, describeWithCorpus, itWithCorpus } from "../../support/paths.ts";
import { runSystem } from "../../support/system.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["components/init/model/tools.ts"]);
}, 120_000);

function check(text: string): { lines: string[]; status: number } {
  const out = callForString(m, "check", text, "*");
  return { lines: out.trimEnd().split("\n"), status: m.status() };
}

/** The corpus's init configs (the test-init script is a scenario, not one config). */
const files = corpusFiles(/\.xml$/).filter((f) => f !== "os_raw_test-init_script.xml");
const read = (f: string) => readFileSync(path.join(corpusDir, f), "utf8");
const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;

/** Replaces the first match of `re` in `text`; null when there is none. */
function mutate(text: string, re: RegExp, by: string): { text: string; line: number } | null {
  const at = text.search(re);
  if (at < 0) return null;
  return { text: text.replace(re, by), line: lineAt(text, at) };
}

describeWithCorpus("Genode's configs, mutated", () => describe.each(files)("%s, mutated", (file) => {
  const text = read(file);

  it("truncated anywhere: an error with line and column inside what is left", () => {
    for (const fraction of [0.1, 0.33, 0.5, 0.77, 0.95]) {
      const cut = text.slice(0, Math.floor(text.length * fraction));
      const r = check(cut);
      expect(r.status, `cut at ${fraction}`).toBe(1);
      const [line] = /^(\d+):\d+: /.exec(r.lines[0]!)?.slice(1).map(Number) ?? [NaN];
      expect(line, r.lines[0]).toBeLessThanOrEqual(cut.split("\n").length);
    }
  });

  it("wrong nesting: the closing tag that does not match is named", () => {
    const bad = mutate(text, /<\/start>/, "</route>");
    if (!bad) return;
    const r = check(bad.text);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(new RegExp(`^${bad.line}:\\d+: expected '</start>' but found '</route>'`));
  });

  it("a huge number: too large, at its line", () => {
    const bad = mutate(text, /(<start [^>]*?)ram="[^"]*"/, `$1ram="99999999999999999999999G"`);
    if (!bad) return;
    const r = check(bad.text);
    expect(r.status).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad.line}: .*ram="99999999999999999999999G" is too large`)));
  });

  it("an unknown attribute: named, at its line", () => {
    const bad = mutate(text, /<start name="/, `<start colour="blue" name="`);
    if (!bad) return;
    const r = check(bad.text);
    expect(r.status).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad.line}: .*<start> has no attribute "colour"`)));
  });
}));

describe("environment sessions whose routes form a cycle", () => {
  it("are reported with the children in order, at the start that closes the cycle", () => {
    const r = check(`<config>
  <parent-provides> <service name="LOG"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="a"> <provides> <service name="ROM"/> </provides>
    <route> <service name="LOG"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="b"> <provides> <service name="LOG"/> </provides>
    <route> <service name="CPU"> <any-child/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="c"> <provides> <service name="CPU"/> </provides>
    <route> <service name="ROM"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="d"> <route> <service name="ROM"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>
</config>`);
    expect(r.status).toBe(1);
    // a's LOG comes from b, b's CPU from c (its one provider), c's binary ROM from a; d waits for a but closes no cycle.
    expect(r.lines).toEqual([`8: start "c": environment sessions form a cycle a -(LOG)-> b -(CPU)-> c -(ROM)-> a (each child's start waits for the next, so none starts)`]);
  });
});

describe("init given a mutated config", () => {
  itWithCorpus("refuses one it cannot parse with file position, starts nothing, and does not trap", async () => {
    const text = read("os_tar_rom.xml");
    const run = await runSystem(text.slice(0, Math.floor(text.length / 2)));
    expect(run.lines[0]).toMatch(/^\[init\] config:\d+:\d+: /);
    expect(run.sys.faults).toEqual([]);
    expect(run.lines.some((l) => l.startsWith("[init -> "))).toBe(false);
  });
});
