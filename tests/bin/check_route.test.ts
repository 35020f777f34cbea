// `wasmode check` and `wasmode route` as a person runs them, on hand-written configs and on every file of Genode's corpus.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { corpusDir, corpusFiles, describeWithCorpus, repoRoot } from "../support/paths.ts";
import { scratch, wasmode, wasmodeWith } from "../support/cli.ts";

const file = scratch("wasmode-check-");

const corpus = corpusFiles(/\.(xml|hid)$/);
const SCRIPT = "os_raw_test-init_script.xml";
const at = (f: string) => path.join(corpusDir, f);
/** check's output without its warnings and notes (FILE:LINE: warning|note: ...), which change no exit code. */
const withoutWarnings = (stdout: string) => stdout.split("\n").filter((l) => !/^.+:\d+: (warning|note): /.test(l)).join("\n");
/** Start names from check's summary table (first column; nested inits' starts as "sub -> child"). */
const startsOf = (summary: string) => withoutWarnings(summary).trimEnd().split("\n").slice(1, -1).map((l) => l.split(/ {2,}/)[0]!);

beforeAll(async () => {
  // the first call may compile the tools; later ones load them from the cache
  expect((await wasmode("check", "examples/hello.xml")).code).toBe(0);
}, 180_000);

describe("wasmode check", () => {
  it("a valid config: the table of starts, exit 0, nothing on stderr once the tools are cached", async () => {
    expect(await wasmode("check", "examples/hello_pair.xml")).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "start         binary        ram  caps  provides",
        "hello_server  hello_server  1M   100   Hello",
        "hello_client  hello_client  1M   100",
        "2 starts: 2M RAM, 200 caps; init keeps 160K RAM, 20 caps",
        "",
      ].join("\n"),
    });
  });

  it("errors as FILE:LINE: message, exit 1; --rom makes a binary known", async () => {
    const bad = file("bad.xml", `<config>\n  <default caps="100" ram="1M"/>\n  <start name="mine"/>\n  <start name="mine"/>\n</config>\n`);
    const r = await wasmode("check", bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      `${bad}:3: start "mine": binary "mine" is not in the boot image (add it with --rom FILE, or skip this check with --any-binary)`,
      `${bad}:4: a second <start name="mine"> (start names must be unique)`,
      `${bad}:4: start "mine": binary "mine" is not in the boot image (add it with --rom FILE, or skip this check with --any-binary)`,
      "",
    ].join("\n"));
    const rom = file("mine.wasm", "not checked here");
    expect((await wasmode("check", bad, "--rom", rom)).stdout).toBe(`${bad}:4: a second <start name="mine"> (start names must be unique)\n`);
    const unparsable = file("unparsable.xml", `<config>\n  <start name="x">\n</config>\n`);
    expect(await wasmode("check", unparsable)).toMatchObject({ code: 1, stdout: `${unparsable}:3:1: expected '</start>' but found '</config>'\n` });
  });

  it("warnings as FILE:LINE: warning: message before the summary, exit 0; with errors, among them by line", async () => {
    const rules = `<route> <service name="ROM" label_prefix="public"> <parent/> </service> <any-service> <parent/> </any-service> </route>`;
    const warned = file("warned.xml", `<config>\n  <parent-provides> <service name="ROM"/> <service name="LOG"/> </parent-provides>\n  <default caps="100" ram="1M"/>\n  <start name="app">\n    ${rules}\n  </start>\n</config>\n`);
    const warning = `${warned}:5: warning: start "app": ROM with label_prefix="public" goes to <parent/>: the child chooses the label's last element, the module served ("public -> config" asks for "config")`;
    const r = await wasmode("check", warned, "--any-binary");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([warning, "start  binary  ram  caps  provides"]);
    const both = file("warned.xml", `<config>\n  <parent-provides> <service name="ROM"/> <service name="LOG"/> </parent-provides>\n  <default caps="100" ram="1M"/>\n  <start name="app">\n    ${rules}\n  </start>\n  <start name="app"/>\n</config>\n`);
    expect(await wasmode("check", both, "--any-binary")).toMatchObject({ code: 1, stdout: `${warning}\n${warned}:7: a second <start name="app"> (start names must be unique)\n` });
  });

  it("Wasmode's own system checks clean: its deny rules (<service> without a target) are notes, exit 0", async () => {
    for (const args of [["system/default.xml"], ["system/default.xml", "--any-binary"]]) {
      const r = await wasmode("check", ...args);
      expect(r.code, r.stdout).toBe(0);
      const notes = r.stdout.split("\n").filter((l) => / note: /.test(l));
      expect(notes).toContain(`system/default.xml:26: note: start "timer": denies Update, Trust, Signer, Compiler (<service> rules without a target)`);
      expect(withoutWarnings(r.stdout)).toMatch(/^start +binary +ram +caps +provides\n/);
    }
  });

  it("usage errors: exit 2", async () => {
    expect(await wasmode("check")).toMatchObject({ code: 2 });
    expect(await wasmode("check", "nope.xml")).toMatchObject({ code: 2, stderr: "wasmode: config nope.xml: no such file\n" });
    expect(await wasmode("check", "examples/hello.xml", "--rom", "nope.wasm")).toMatchObject({ code: 2, stderr: "wasmode: rom nope.wasm: no such file\n" });
  });

  it("keeps the tools in $XDG_CACHE_HOME/wasmode; a stale cache is rebuilt once, saying so on stderr", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "wasmode-cache-"));
    const check = () => wasmodeWith({ XDG_CACHE_HOME: cache }, "check", "examples/hello.xml");
    try {
      expect((await check()).stderr).toMatch(/^compiling the config tools/);
      const [record] = readdirSync(path.join(cache, "wasmode")).filter((f) => /^tools-.*\.json$/.test(f));
      expect(record).toBeDefined();
      const file = path.join(cache, "wasmode", record!);
      // As if a source had changed since: the hash of the first input no longer matches.
      writeFileSync(file, readFileSync(file, "utf8").replace(/("inputs": \{\s*"[^"]+": ")[0-9a-f]+/, "$1stale"));
      const first = await check();
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/^compiling the config tools/);
      expect((await check()).stderr).toBe("");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);

});

describeWithCorpus("wasmode check on Genode's corpus", () => {
  it.each(corpus.filter((f) => f !== SCRIPT))("%s: valid with --any-binary; without it, each binary not in the image is named", async (name) => {
    const checked = await wasmode("check", at(name), "--any-binary");
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
    const ok = { ...checked, stdout: withoutWarnings(checked.stdout) };
    expect(ok.stdout).toMatch(/^start +binary +ram +caps +provides\n/);
    expect(ok.stdout).toMatch(/\n\d+ starts?: \S+ RAM, \d+ caps; init keeps \S+ RAM, \d+ caps\n$/);
    const strict = await wasmode("check", at(name));
    if (strict.code === 0) {
      // Every binary it starts is one of ours (the test-init runtime's are: init, dummy, report_rom, test-init).
      const image = JSON.parse(readFileSync(path.join(repoRoot, "build/image/manifest.json"), "utf8")) as { modules: { name: string }[] };
      const ours = new Set(image.modules.map((m) => m.name.replace(/\.wasm$/, "")));
      for (const row of ok.stdout.trimEnd().split("\n").slice(1, -1)) expect(ours.has(row.split(/ +/)[1]!), row).toBe(true);
      return;
    }
    expect(strict.code).toBe(1);
    for (const line of withoutWarnings(strict.stdout).trimEnd().split("\n")) {
      expect(line).toMatch(new RegExp(`^${at(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: .*binary ".+" is not in the boot image .*--any-binary\\)$`));
    }
  });

  it("the test-init script: each <init_config> is checked; the deliberately broken ones are reported", async () => {
    const r = await wasmode("check", at(SCRIPT), "--any-binary");
    expect(r.code).toBe(1);
    expect(withoutWarnings(r.stdout).trimEnd().split("\n").map((l) => l.slice(at(SCRIPT).length + 1))).toEqual([
      `289: start "dummy": LOG is routed to child "log", which does not provide it (no <provides><service name="LOG"/>)`,
      `357: start "dummy": LOG is routed to child "log", which does not provide it (no <provides><service name="LOG"/>)`,
      `1179: in "service_init": <service name="LOG">: routes to child "server", but there is no such <start>`,
      `1246: in "service_init": <service name="LOG">: routes to child "server", but there is no such <start>`,
    ]);
  });
});

describe("wasmode route", () => {
  it("a denied request exits 1; a question the config cannot answer exits 2", async () => {
    const denied = await wasmode("route", "examples/hello_pair.xml", "--from", "hello_client", "--service", "Timer");
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/=> denied: no rule routes Timer with label "hello_client -> "\n$/);
    expect(await wasmode("route", "examples/hello_pair.xml", "--from", "ghost", "--service", "LOG")).toMatchObject({
      code: 2, stderr: `wasmode: examples/hello_pair.xml: there is no <start name="ghost"> in init "init" (starts: hello_server, hello_client)\n`,
    });
    expect(await wasmode("route", "examples/hello_pair.xml", "--service", "LOG")).toMatchObject({ code: 2 });
  });
});

describeWithCorpus("wasmode route on Genode's corpus", () => {
  it("os_vfs_xoroshiro.xml: the binary of /bin/dd comes from vfs_rom, and why the earlier rules did not match", async () => {
    const r = await wasmode("route", at("os_vfs_xoroshiro.xml"), "--from", "/bin/dd", "--service", "ROM", "--environment");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      `init "init": child "/bin/dd" asks for ROM as one of its environment sessions (PD, CPU, LOG, its binary's ROM), which init labels with the child's name alone`,
      `  init sees the label "/bin/dd"`,
      `  the label is the child's name alone: this is its binary's ROM request`,
      `  <route> of "/bin/dd":`,
      `    rule 1, line 62 <service name="File_system">: no match: service is ROM, not File_system`,
      `    rule 2, line 63 <service name="ROM" label_suffix=".lib.so">: no match: label "/bin/dd" has no part after "/bin/dd -> " to compare`,
      `    rule 3, line 64 <service name="ROM" label_last="/bin/dd">: matches`,
      `      target 1 <child name="vfs_rom">: taken`,
      `  => child "vfs_rom" (rule 3, line 64); the server sees the label "/bin/dd"`,
      "",
    ].join("\n"));
    const lib = await wasmode("route", at("os_vfs_xoroshiro.xml"), "--from", "/bin/dd", "--service", "ROM", "--label", "foo.lib.so");
    expect(lib.stdout).toContain(`  => parent (rule 2, line 63); init passes the label "/bin/dd -> foo.lib.so" on, its parent sees "init -> /bin/dd -> foo.lib.so"\n`);
  });

  it("os_tar_rom.hid: a request of a nested init's child is followed out to the outer init", async () => {
    const r = await wasmode("route", at("os_tar_rom.hid"), "--from", "init -> test-timer", "--service", "ROM", "--environment");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`init "init -> init": child "test-timer" asks for ROM`);
    expect(r.stdout).toContain(`init "init": child "init" asks for ROM with label "test-timer"`);
    expect(r.stdout).toMatch(/=> child "tar_rom" \(rule 1, line \d+\); the server sees the label "init -> test-timer"\n$/);
  });

  it("the test-init script holds many configs: route asks which one, and takes --config N", async () => {
    const script = await wasmode("route", at(SCRIPT), "--from", "application", "--service", "LOG");
    expect(script.code).toBe(2);
    expect(script.stderr).toMatch(/test-init script holding 5\d <init_config> nodes: pick one with --config N \(1 to 5\d\)\n$/);
    const first = await wasmode("route", at(SCRIPT), "--from", "application", "--service", "LOG", "--config", "1", "--environment");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`=> parent (rule 1, line 23); init passes the label "application" on, its parent sees "init -> application"`);
  });

  it.each(corpus.filter((f) => f !== SCRIPT))("%s: every start's binary ROM request gets an explained decision", async (name) => {
    const starts = startsOf((await wasmode("check", at(name), "--any-binary")).stdout);
    expect(starts.length).toBeGreaterThan(0);
    // one at a time: parallel node processes would starve the other test files on a small machine
    const results = [];
    for (const s of starts) results.push(await wasmode("route", at(name), "--from", s, "--service", "ROM", "--environment"));
    results.forEach((r, i) => {
      expect(r.stderr, starts[i]).toBe("");
      expect(r.code, starts[i]).toBe(0);
      expect(r.stdout, starts[i]).toMatch(/\n {2}=> (child "[^"]+"|parent) \(rule \d+, line \d+\); /);
    });
  });
});
