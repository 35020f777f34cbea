// src_fs end to end: the layered sources over a small source package and fs, its policies, hostile clients, a malformed archive.
import { describe, expect, it } from "vitest";
import { tarArchive } from "../../../kernel/host/builder/source_package.ts";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

const client = () => testComponent("tests/components/fs/assembly/fs_client.ts");
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A small source package: two components and a recipe. */
const PACKAGE = tarArchive(new Map([
  ["components/hello/main.ts", utf8("log(\"hello\");\\n")],
  ["components/hello/README", utf8("say hello\n")],
  ["components/fs/main.ts", utf8("// fs\n")],
  ["system/recipe.xml", utf8("<recipe/>\n")],
]));

const POLICIES = `
  <policy label="both -> src" layer="both" writeable="yes"/>
  <policy label="neighbour -> src" layer="both" writeable="yes"/>
  <policy label="hostile -> src" layer="both" writeable="yes"/>
  <policy label="base -> src" layer="base" writeable="yes"/>
  <policy label="changes -> src" layer="changes" writeable="yes"/>
  <policy label="reader -> src" layer="both"/>`;

/** fs (persisting nothing, `capacity` bytes) with src_fs over it, and `starts`. */
function system(starts: string, capacity = "64K"): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config capacity="${capacity}"> <policy label_prefix="src_fs" root="/src" writeable="yes"/> <default-policy root="/" writeable="yes"/> </config> </start>
  <start name="src_fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config> ${POLICIES} </config>
    <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  ${starts}
</config>`;
}

/** An fs_client named `name` with a session labelled "src" to src_fs, carrying out `steps`. */
function clientStart(name: string, steps: string): string {
  return `<start name="${name}"> <binary name="fs_client"/> <config label="src"> ${steps} <exit/> </config>
    <route> <service name="File_system" label="src"> <child name="src_fs"/> </service> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`;
}

async function boot(config: string, archive: Uint8Array = PACKAGE): Promise<Run> {
  return runSystem(config, { fs_client: await client(), "src.tar": archive });
}

const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[init -> ${name}] `)).map((l) => l.slice(`[init -> ${name}] `.length));

describe("src_fs", () => {
  it("shows the base, writes to the upper layer, merges listings, and shows the base again when a change goes", async () => {
    const run = await boot(system(clientStart("both", `
      <list path="/"/> <list path="/components"/> <read path="/components/hello/main.ts"/> <stat path="/components/hello/README"/>
      <write path="/components/hello/main.ts" text="log(&quot;changed&quot;);&#10;"/> <read path="/components/hello/main.ts"/>
      <mkdir path="/components/new"/> <write path="/components/new/main.ts" text="new"/> <list path="/components"/>
      <write path="/docs/x" text="no such directory"/>
      <unlink path="/components/hello/main.ts"/> <read path="/components/hello/main.ts"/>
      <rename from="/components/new/main.ts" to="/components/hello/other.ts"/> <list path="/components/hello"/>`)));
    expect(linesOf(run, "both")).toEqual([
      "list /: components/ system/",
      "list /components: fs/ hello/",
      "read /components/hello/main.ts: log(\"hello\");\\n",
      "stat /components/hello/README: file 10",
      "write /components/hello/main.ts: 16",
      "read /components/hello/main.ts: log(\"changed\");\\n",
      "mkdir /components/new: ok",
      "write /components/new/main.ts: 3",
      "list /components: fs/ hello/ new/",
      "write /docs/x: NotFound",
      "unlink /components/hello/main.ts: ok",
      "read /components/hello/main.ts: log(\"hello\");\\n",
      "rename /components/new/main.ts /components/hello/other.ts: ok",
      "list /components/hello: README main.ts other.ts",
    ]);
    expect(run.sys.faults).toEqual([]);
  });

  it("refuses to remove or rename a file of the base, saying why, and changes nothing", async () => {
    const run = await boot(system(clientStart("both", `
      <unlink path="/components/hello/README"/> <rename from="/components/hello/README" to="/README"/>
      <unlink path="/components"/> <list path="/components/hello"/> <list path="/"/>`)));
    expect(linesOf(run, "both")).toEqual([
      "unlink /components/hello/README: Denied",
      "rename /components/hello/README /README: Denied",
      "unlink /components: Denied",
      "list /components/hello: README main.ts",
      "list /: components/ system/",
    ]);
    expect(run.lines.some((l) => l.includes("rm /components/hello/README refused for 'both -> src': it is in the read-only base"))).toBe(true);
  });

  it("gives each policy its layer: the base alone read-only, the changes alone, a read-only view of both", async () => {
    const run = await boot(system(
      clientStart("both", `<write path="/components/hello/main.ts" text="changed"/> <write path="/notes" text="n"/>`)
      + clientStart("base", `<sleep ms="10"/> <read path="/components/hello/main.ts"/> <list path="/"/> <write path="/components/hello/main.ts" text="x"/> <mkdir path="/d"/>`)
      + clientStart("changes", `<sleep ms="10"/> <list path="/"/> <list path="/components/hello"/> <unlink path="/notes"/> <list path="/"/>`)
      + clientStart("reader", `<sleep ms="20"/> <read path="/components/hello/main.ts"/> <write path="/r" text="x"/> <unlink path="/components/hello/main.ts"/>`)));
    expect(linesOf(run, "base")).toEqual([
      "read /components/hello/main.ts: log(\"hello\");\\n",
      "list /: components/ system/",
      "write /components/hello/main.ts: Denied",
      "mkdir /d: Denied",
    ]);
    expect(linesOf(run, "changes")).toEqual(["list /: components/ notes", "list /components/hello: main.ts", "unlink /notes: ok", "list /: components/"]);
    expect(linesOf(run, "reader")).toEqual(["read /components/hello/main.ts: changed", "write /r: Denied", "unlink /components/hello/main.ts: Denied"]);
  });

  it("answers a hostile client's bad paths, forged requests and writes past the quota with errors, while a neighbour goes on", async () => {
    const run = await boot(system(
      clientStart("hostile", `
        <read path="/../fs/src"/> <read path="/components/../system/recipe.xml"/> <read path="relative"/> <stat path="//x"/>
        <forge file="/components/hello/README"/>
        <fill path="/huge" size="1000000"/> <write path="/components/hello/README" text="x"/>`)
      + clientStart("neighbour", `<sleep ms="50"/> <read path="/components/fs/main.ts"/> <list path="/components/hello"/>`), "32K"));
    const hostile = linesOf(run, "hostile");
    expect(hostile.slice(0, 4)).toEqual(["read /../fs/src: Denied", "read /components/../system/recipe.xml: Denied", "read relative: Invalid", "stat //x: Invalid"]);
    expect(hostile[4]).toMatch(/^forged: handle0=Invalid handle99=Invalid .*dotdot=Denied/);
    expect(hostile[5]).toMatch(/^fill \/huge: \d+ bytes, NoSpace/);
    expect(linesOf(run, "neighbour")).toEqual(["read /components/fs/main.ts: // fs\\n", "list /components/hello: README main.ts"]);
    expect(run.sys.faults).toEqual([]);
  });

  it("refuses a malformed src.tar with a line naming what is wrong, and keeps running with an empty base", async () => {
    const badSum = PACKAGE.slice();
    badSum[1024 + 22] ^= 1; // the last letter of the second entry's name (README): its checksum no longer holds
    const cases: [Uint8Array, string][] = [
      [PACKAGE.slice(0, 515), "src.tar refused, at byte 0: entry 'components/fs/main.ts' announces 6 bytes, the archive holds 3 after its header"],
      [PACKAGE.slice(0, 1024), "src.tar refused, at byte 1024: the archive ends without its end block (truncated?)"],
      [badSum, "src.tar refused, at byte 1024: entry 'components/hello/READMD' has a bad header checksum"],
    ];
    for (const [archive, line] of cases) {
      const run = await boot(system(clientStart("both", `<list path="/"/> <write path="/new" text="still writes"/> <read path="/new"/>`)), archive);
      expect(run.lines.filter((l) => l.includes("src.tar"))).toEqual([`[init -> src_fs] \x1b[34mWarning: ${line}: the base is empty\x1b[0m`]);
      expect(linesOf(run, "both")).toEqual(["list /: (none)", "write /new: 12", "read /new: still writes"]);
      expect(run.sys.faults).toEqual([]);
    }
  });
});
