// report_rom end to end: reports become ROM modules, readers are signalled, writers and readers admitted by args and policy.
import { describe, expect, it } from "vitest";
import { readRepoFile, runSystem, testComponent, type Run } from "../../support/system.ts";

/** The test component that reports and reads as its config's steps say. */
const client = () => testComponent("tests/components/report_rom/assembly/report_client.ts");

/** Boots `config` with the test component as the boot module `report_client`. */
async function boot(config: string): Promise<Run> {
  return runSystem(config, { report_client: await client() });
}

/** A config with report_rom (its inline config `reportRom`) followed by `starts`. */
function system(reportRom: string, ...starts: string[]): string {
  return systemLast(reportRom, starts, []);
}

/** A config that starts `first`, then report_rom, then `last`. */
function systemLast(reportRom: string, first: string[], last: string[]): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  ${first.join("\n  ")}
  <start name="report_rom" ram="2M">
    <provides> <service name="ROM"/> <service name="Report"/> </provides>
    ${reportRom}
  </start>
  ${last.join("\n  ")}
</config>`;
}

/** A report_client started as `name` with `steps`; its ROM sessions of `roms` go to report_rom. */
function clientStart(name: string, steps: string, roms: string[] = []): string {
  const routes = roms.map((l) => `<service name="ROM" label="${l}"> <child name="report_rom"/> </service>`).join(" ");
  return `<start name="${name}"> <binary name="report_client"/> <config> ${steps} </config>
    <route> ${routes} <any-service> <parent/> <any-child/> </any-service> </route> </start>`;
}

/**
 * What the component `name` logged, in order, without its label. The tests compare each
 * component's lines on their own: how the lines of independent components interleave is up to
 * init's scheduling, which is not what these tests are about.
 */
const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[init -> ${name}] `)).map((l) => l.slice(`[init -> ${name}] `.length));

/** The step by which a reader tells others it is watching (its report `state`), for them to wait on. */
const READY = `<report label="state">ready</report>`;

/** The FNV-1a hash report_client logs for a long content. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16);
}

const WARNING = "\x1b[34mWarning: ";

describe("report_rom", () => {
  it("a reader sees the module empty, is signalled when the report comes, and is not told when the writer leaves", async () => {
    // Each step waits for the one before it, across components: one order only.
    const run = await boot(readRepoFile("examples/report_rom.xml"));
    expect(run.lines).toEqual([
      "[init -> reader] rom 'brightness': (empty)",
      "[init -> report_rom] report 'reader -> state'",
      "[init -> report_rom]   ready",
      "[init -> report_rom] report 'reporter -> brightness'",
      `[init -> report_rom]   <brightness value="10"/>`,
      `[init -> reader] rom 'brightness' changed: <brightness value="10"/>`,
      "[init -> report_rom] report 'reader -> state'",
      "[init -> report_rom]   seen",
      // The reporter closed its session: the module is empty, and the reader logged no change.
      "[init -> reporter] rom 'brightness': (empty)",
      `[init] child "reporter" exited with exit value 0`,
    ]);
    expect(run.sys.faults).toEqual([]);
  });

  it("each submit replaces the content and signals its readers, not those of other modules", async () => {
    const run = await boot(system(
      `<config>
        <policy label="reader -> a" report="reporter -> a"/> <policy label="other -> b" report="reporter -> b"/>
        <policy label="reporter -> reader" report="reader -> state"/> <policy label="reporter -> other" report="other -> state"/>
      </config>`,
      clientStart("reader", `<rom label="a"/> ${READY} <wait label="a" content="first"/> <report label="state">got first</report>
        <wait label="a" content="second"/> <log string="done"/>`, ["a"]),
      clientStart("other", `<rom label="b"/> ${READY}`, ["b"]),
      clientStart("reporter", `<wait label="reader" content="ready"/> <wait label="other" content="ready"/>
        <report label="a">first</report> <wait label="reader" content="got first"/> <report label="a">second</report>`, ["reader", "other"]),
    ));
    expect(linesOf(run, "reader")).toEqual(["rom 'a': (empty)", "rom 'a' changed: first", "rom 'a' changed: second", "done"]);
    expect(linesOf(run, "other")).toEqual(["rom 'b': (empty)"]);
    expect(linesOf(run, "reporter")).toEqual([]);
  });

  it("a report larger than one IPC message arrives whole; one larger than its buffer is refused", async () => {
    const content = Array(1500).fill("<item/>").join("\n");
    expect(content.length).toBeGreaterThan(2 * 4060);
    const run = await boot(system(
      `<config verbose="yes"> <policy label="reader -> big" report="reporter -> big"/> </config>`,
      clientStart("reporter", `<report label="big" buffer_size="16K" repeat="1500"> <item/> </report>
        <report label="small" buffer_size="16">more than sixteen bytes</report> <report label="small">sixteen bytes ok</report>`),
      clientStart("reader", `<wait label="big"/> <rom label="big"/>`, ["big"]),
    ));
    expect(linesOf(run, "reporter")).toEqual(["report 'small' failed: error -10"]);
    expect(linesOf(run, "reader")).toEqual([`rom 'big': ${content.length} bytes, fnv1a ${fnv1a(content)}`]);
    // verbose: the report line by line, as the server got it
    const server = linesOf(run, "report_rom");
    expect(server.filter((l) => l === "  <item/>")).toHaveLength(1500);
    expect(server.slice(-2)).toEqual(["report 'reporter -> small'", "  sixteen bytes ok"]);
    expect(run.sys.faults).toEqual([]);
  });

  it("clients started before report_rom wait for it without blocking, then report and read", async () => {
    const run = await boot(systemLast(`<config>
        <policy label="reader -> brightness" report="reporter -> brightness"/> <policy label="reporter -> reader" report="reader -> state"/>
      </config>`, [
      clientStart("reader", `<log string="asking"/> <rom label="brightness"/> ${READY} <wait label="brightness" changes="1"/> <log string="read"/>`, ["brightness"]),
      clientStart("reporter", `<log string="asking"/> <wait label="reader" content="ready"/> <report label="brightness">10</report> <log string="reported"/>`, ["reader"]),
    ], []));
    expect(linesOf(run, "reader")).toEqual(["asking", "rom 'brightness': (empty)", "rom 'brightness' changed: 10", "read"]);
    expect(linesOf(run, "reporter")).toEqual(["asking", "reported"]);
  });

  it("a second writer of a module is denied while the first is open; the module is named by the whole label", async () => {
    const run = await boot(system(
      `<config/>`,
      clientStart("reporter", `<open label="brightness"/> <open label="brightness"/> <close label="brightness"/> <open label="brightness"/>`),
      clientStart("another", `<open label="brightness"/>`),
    ));
    expect(linesOf(run, "reporter")).toEqual([
      "Report 'brightness' granted",
      "Report 'brightness' denied (error -12)",
      "Report 'brightness' granted",
    ]);
    // "another -> brightness" is a module of its own
    expect(linesOf(run, "another")).toEqual(["Report 'brightness' granted"]);
  });

  it("the session args give the buffer size, and the donation must cover it", async () => {
    const run = await boot(system(
      `<config/>`,
      clientStart("reporter", [
        `<open label="zero" buffer_size="0"/>`,
        `<open label="none" args=""/>`,
        `<open label="malformed" args="buffer_size=4Q"/>`,
        `<open label="huge" args="buffer_size=0x100000000"/>`,
        `<open label="short" buffer_size="8192" ram="4096"/>`,
        `<open label="suffixed" args="buffer_size=4K" ram="8192"/>`,
        `<open label="among others" args="ram_quota=8K, buffer_size=0x1000, label=&quot;x&quot;" ram="8192"/>`,
      ].join(" ")),
    ));
    expect(linesOf(run, "reporter")).toEqual([
      "Report 'zero' denied (error -12)",
      "Report 'none' denied (error -12)",
      "Report 'malformed' denied (error -12)",
      "Report 'huge' denied (error -12)",
      "Report 'short' denied (error -9)",
      "Report 'suffixed' granted",
      "Report 'among others' granted",
    ]);
  });

  describe("a ROM session's policy", () => {
    // r1 and r2 read once the writer is done (its report `done`, which they find by exact label).
    const policies = `
      <policy label="r1 -> mod" report="w -> exact"/>
      <policy label_prefix="r1" report="w -> short prefix"/>
      <policy label_prefix="r1 -> mo" report="w -> long prefix"/>
      <policy label_suffix="od" report="w -> short suffix"/>
      <policy label_suffix="> mod" report="w -> long suffix"/>
      <policy label_prefix="r2" label_suffix="ther" report="w -> prefix and suffix"/>
      <policy label="r2 -> unnamed"/>
      <policy label="r1 -> done" report="w -> done"/> <policy label="r2 -> done" report="w -> done"/>`;
    const writer = clientStart("w", ["exact", "short prefix", "long prefix", "short suffix", "long suffix", "prefix and suffix", "default", "done"]
      .map((m) => `<report label="${m}">${m}</report>`).join(" "));
    const reader = (name: string, labels: string[]) =>
      clientStart(name, `<wait label="done"/> ${labels.map((l) => `<rom label="${l}"/>`).join(" ")}`, [...labels, "done"]);
    const r1 = reader("r1", ["mod", "mode", "x"]);
    const r2 = reader("r2", ["mod", "pod", "other", "none", "unnamed"]);
    const noPolicy = (label: string) => `${WARNING}no valid policy for ROM request '${label}'\x1b[0m`;

    it("is the exact label, else the longest prefix, else the longest suffix; none: a warning and a denial", async () => {
      const run = await boot(system(`<config> ${policies} </config>`, writer, r1, r2));
      expect(linesOf(run, "r1")).toEqual(["rom 'mod': exact", "rom 'mode': long prefix", "rom 'x': short prefix"]);
      expect(linesOf(run, "r2")).toEqual([
        "rom 'mod': long suffix",
        "rom 'pod': short suffix",
        "rom 'other': prefix and suffix",
        "rom 'none' denied (error -12)",
        // a policy that names no report grants nothing
        "rom 'unnamed' denied (error -12)",
      ]);
      expect(linesOf(run, "report_rom")).toEqual([noPolicy("r2 -> none"), noPolicy("r2 -> unnamed")]);
    });

    it("falls back to <default-policy>", async () => {
      const run = await boot(system(`<config> ${policies} <default-policy report="w -> default"/> </config>`, writer, r2));
      expect(linesOf(run, "r2")).toEqual([
        "rom 'mod': long suffix",
        "rom 'pod': short suffix",
        "rom 'other': prefix and suffix",
        "rom 'none': default",
        "rom 'unnamed' denied (error -12)",
      ]);
      expect(linesOf(run, "report_rom")).toEqual([noPolicy("r2 -> unnamed")]);
    });
  });

  it("verbose logs each report by its lines, as Genode's print_lines cuts them", async () => {
    const long = "x".repeat(250);
    const run = await boot(system(
      `<config verbose="yes"/>`,
      clientStart("reporter", `<report label="state"> <state> <child name="a"/> <child name="b"/> </state> </report>
        <report label="long"> <line text="${long}"/> </report> <report label="empty"/>`),
    ));
    const line = `<line text="${long}"/>`;
    expect(run.lines).toEqual([
      "[init -> report_rom] report 'reporter -> state'",
      "[init -> report_rom]   <state>",
      `[init -> report_rom]     <child name="a"/>`,
      `[init -> report_rom]     <child name="b"/>`,
      "[init -> report_rom]   </state>",
      "[init -> report_rom] report 'reporter -> long'",
      `[init -> report_rom]   ${line.slice(0, 200)}`,
      `[init -> report_rom]   ${line.slice(200)}`,
      "[init -> report_rom] report 'reporter -> empty'",
    ]);
  });

  it("is quiet without verbose", async () => {
    const run = await boot(system(`<config verbose="no"/>`, clientStart("reporter", `<report label="state"> <state/> </report>`)));
    expect(run.lines).toEqual([]);
  });

  it("re-reads its config when it changes: new policies and verbose apply from then on", async () => {
    const reporter = clientStart("reporter", `<report label="brightness"> <brightness value="10"/> </report>`);
    const reader = clientStart("reader", `<rom label="brightness"/>`, ["brightness"]);
    const run = await boot(system(`<config/>`, reporter));
    expect(run.lines).toEqual([]);
    const update = async (config: string) => {
      const before = run.lines.length;
      run.core.updateRom("config", new TextEncoder().encode(config));
      await run.sys.idle();
      return run.lines.slice(before);
    };
    const policy = `<config verbose="yes"> <policy label="reader -> brightness" report="reporter -> brightness"/> </config>`;
    expect(await update(system(policy, reporter))).toEqual([]);
    // A reader started now gets the report the still running reporter made under the old config;
    // a report made now is logged.
    const late = clientStart("late", `<report label="volume">11</report>`);
    const after = await update(system(policy, reporter, reader, late));
    expect(after.filter((l) => l.startsWith("[init -> reader] "))).toEqual([`[init -> reader] rom 'brightness': <brightness value="10"/>`]);
    expect(after.filter((l) => l.startsWith("[init -> report_rom] "))).toEqual(["[init -> report_rom] report 'late -> volume'", "[init -> report_rom]   11"]);
  });

  it("answers malformed Report requests with errors and goes on serving", async () => {
    const run = await boot(system(
      `<config> <policy label="reader -> m" report="reporter -> m"/> <policy label="reporter -> reader" report="reader -> state"/> </config>`,
      clientStart("reader", `<rom label="m"/> ${READY} <wait label="m" content="after"/> <log string="got after"/>`, ["m"]),
      clientStart("reporter", `<wait label="reader" content="ready"/>
        <report label="m" buffer_size="64">before</report> <forge label="m"/> <report label="m">after</report>`, ["reader"]),
    ));
    // write past the end: Invalid; a block longer than the message: BadMsg; submit past the end:
    // Invalid; submit without its length: BadMsg; unknown opcode: BadOpcode
    expect(linesOf(run, "reporter")).toEqual(["forged: -10 -8 -10 -8 -11"]);
    const read = linesOf(run, "reader");
    expect(read[0]).toBe("rom 'm': (empty)");
    expect(read.at(-1)).toBe("got after");
    // the reader saw "before" or not (the signals may come as one), nothing else
    expect(read.slice(1, -1).filter((l) => l !== "rom 'm' changed: before" && l !== "rom 'm' changed: after")).toEqual([]);
    expect(run.sys.faults).toEqual([]);
  });
});
