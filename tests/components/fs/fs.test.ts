// fs end to end: every File_system operation, its error codes, policy roots and writeability, and watches.
import { describe, expect, it } from "vitest";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

const client = () => testComponent("tests/components/fs/assembly/fs_client.ts");

/** A config with fs (its inline `<config>` body `fsConfig`) and `starts`. */
function system(fsConfig: string, ...starts: string[]): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides> <config> ${fsConfig} </config> </start>
  ${starts.join("\n  ")}
</config>`;
}

/** An fs_client started as `name` with `steps` (and its `<config>` attributes `attrs`). */
function clientStart(name: string, steps: string, attrs = ""): string {
  return `<start name="${name}"> <binary name="fs_client"/> <config ${attrs}> ${steps} </config> </start>`;
}

async function boot(config: string): Promise<Run> {
  return runSystem(config, { fs_client: await client() });
}

/** What `name` logged, in order, without its label. */
const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[init -> ${name}] `)).map((l) => l.slice(`[init -> ${name}] `.length));

const CONTENT = `<content> <dir name="etc"> <inline name="motd">Hello</inline> <dir name="empty"/> </dir> <inline name="top">x</inline> </content>`;

describe("fs", () => {
  it("serves its <content> and carries out every operation", async () => {
    const run = await boot(system(`<default-policy root="/" writeable="yes"/> ${CONTENT}`, clientStart("client", `
      <list path="/"/> <list path="/etc"/> <read path="/etc/motd"/> <stat path="/etc/motd"/> <stat path="/etc"/>
      <write path="/etc/motd" text="Welcome"/> <read path="/etc/motd"/>
      <write path="/etc/motd" offset="7" text=", all"/> <read path="/etc/motd"/>
      <write path="/etc/motd" offset="14" text="!"/> <stat path="/etc/motd"/>
      <truncate path="/etc/motd" size="3"/> <read path="/etc/motd"/>
      <mkdir path="/var"/> <mkdir path="/var/log"/> <write path="/var/log/a" text="1"/> <list path="/var/log"/>
      <rename from="/var/log/a" to="/var/b"/> <list path="/var"/> <read path="/var/b"/>
      <rename from="/var" to="/srv"/> <read path="/srv/b"/> <stat path="/var"/>
      <unlink path="/srv/b"/> <unlink path="/srv/log"/> <unlink path="/srv"/> <list path="/"/>
      <big path="/big" size="20000"/> <stat path="/big"/>
      <exit/>`)));
    expect(linesOf(run, "client")).toEqual([
      "list /: etc/ top",
      "list /etc: empty/ motd",
      "read /etc/motd: Hello",
      "stat /etc/motd: file 5",
      "stat /etc: dir 2",
      "write /etc/motd: 7",
      "read /etc/motd: Welcome",
      "write /etc/motd: 5",
      "read /etc/motd: Welcome, all",
      "write /etc/motd: 1",
      "stat /etc/motd: file 15",
      "truncate /etc/motd: ok",
      "read /etc/motd: Wel",
      "mkdir /var: ok",
      "mkdir /var/log: ok",
      "write /var/log/a: 1",
      "list /var/log: a",
      "rename /var/log/a /var/b: ok",
      "list /var: b log/",
      "read /var/b: 1",
      "rename /var /srv: ok",
      "read /srv/b: 1",
      "stat /var: NotFound",
      "unlink /srv/b: ok",
      "unlink /srv/log: ok",
      "unlink /srv: ok",
      "list /: etc/ top",
      "big /big: 20000 bytes, read back the same",
      "stat /big: file 20000",
    ]);
    expect(run.lines).toContain(`[init] child "client" exited with exit value 0`);
    expect(run.sys.faults).toEqual([]);
  });

  it("answers every bad request with an error code, and stays up", async () => {
    const run = await boot(system(`<default-policy root="/" writeable="yes"/> ${CONTENT}`, clientStart("client", `
      <forge file="/etc/motd"/>
      <read path="/nothing"/> <stat path="/nothing/deeper"/> <read path="/etc"/> <list path="/etc/motd"/>
      <write path="/etc/motd/x" text="1"/> <write path="/missing/x" text="1"/> <write path="/etc/none" offset="0" text="1"/>
      <mkdir path="/etc"/> <mkdir path="/"/> <mkdir path="/a/b"/> <unlink path="/etc"/> <unlink path="/nothing"/> <unlink path="/"/>
      <rename from="/etc/empty" to="/top"/> <rename from="/top" to="/etc/empty"/> <rename from="/etc" to="/etc/empty/etc"/>
      <rename from="/nothing" to="/x"/> <rename from="/" to="/x"/>
      <read path="/etc/motd"/> <exit/>`)));
    expect(linesOf(run, "client")).toEqual([
      "forged: handle0=Invalid handle99=Invalid close-1=Invalid short=BadMsg longstring=BadMsg relative=Invalid dotdot=Denied inner-dotdot=Denied"
        + " empty-element=Invalid dot=Invalid flags0=Invalid flags8=Invalid opcode=BadOpcode watch-nocap=BadMsg unwatch=Invalid"
        + " longblock=BadMsg write-ro=Denied truncate-ro=Denied read-wo=Denied handles=64+NoSpace closed=Invalid",
      "read /nothing: NotFound",
      "stat /nothing/deeper: NotFound",
      "read /etc: Type",
      "list /etc/motd: Type",
      "write /etc/motd/x: Type",
      "write /missing/x: NotFound",
      "write /etc/none: NotFound",
      "mkdir /etc: Exists",
      "mkdir /: Exists",
      "mkdir /a/b: NotFound",
      "unlink /etc: NotEmpty",
      "unlink /nothing: NotFound",
      "unlink /: Denied",
      "rename /etc/empty /top: Exists",
      "rename /top /etc/empty: Exists",
      "rename /etc /etc/empty/etc: Invalid",
      "rename /nothing /x: NotFound",
      "rename / /x: Denied",
      "read /etc/motd: Hello",
    ]);
    expect(run.sys.faults).toEqual([]);
  });

  it("refuses writes beyond its capacity with NoSpace", async () => {
    const run = await boot(system(`<default-policy root="/" writeable="yes"/>`, clientStart("client", `
      <big path="/small" size="500"/> <big path="/large" size="3000"/> <write path="/large" offset="100000000000" text="x"/>
      <list path="/"/> <exit/>`)).replace(`<config> <default-policy`, `<config capacity="2K"> <default-policy`));
    expect(linesOf(run, "client")).toEqual([
      "big /small: 500 bytes, read back the same",
      "big /large: NoSpace",
      "write /large: NoSpace",
      "list /: large small",
    ]);
  });
});

describe("fs policy", () => {
  const POLICIES = `
    <policy label_prefix="etc_reader" root="/etc"/>
    <policy label_suffix="writer -> /" root="/etc" writeable="yes"/>
    <policy label="lost -> /" root="/nowhere"/>
    ${CONTENT}`;

  it("confines a session to its policy's root, read-only unless writeable", async () => {
    const run = await boot(system(POLICIES,
      clientStart("etc_reader", `<list path="/"/> <read path="/motd"/> <read path="/../top"/> <write path="/motd" text="no"/>
        <mkdir path="/d"/> <unlink path="/motd"/> <rename from="/motd" to="/m"/> <truncate path="/motd" size="0"/> <read path="/motd"/> <exit/>`),
      clientStart("writer", `<write path="/motd" text="Hi"/> <read path="/motd"/> <mkdir path="/d"/> <list path="/"/> <exit/>`),
      clientStart("narrow_writer", `<list path="/"/> <write path="/x" text="no"/> <exit/>`, `root="/empty" writeable="no"`)));
    expect(linesOf(run, "etc_reader")).toEqual([
      "list /: empty/ motd",
      "read /motd: Hello",
      "read /../top: Denied",
      "write /motd: Denied",
      "mkdir /d: Denied",
      "unlink /motd: Denied",
      "rename /motd /m: Denied",
      "truncate /motd: Denied",
      "read /motd: Hello",
    ]);
    expect(linesOf(run, "writer")).toEqual(["write /motd: 2", "read /motd: Hi", "mkdir /d: ok", "list /: d/ empty/ motd"]);
    // Its args narrow the policy: a root below /etc, and read-only.
    expect(linesOf(run, "narrow_writer")).toEqual(["list /: (none)", "write /x: Denied"]);
  });

  it("denies a session without a matching policy, or whose root is no directory", async () => {
    const run = await boot(system(POLICIES, clientStart("stranger", `<exit/>`), clientStart("lost", `<exit/>`),
      clientStart("etc_reader_escape", `<exit/>`, `root="/../top"`)));
    expect(linesOf(run, "stranger")).toEqual(["no File_system session: Denied"]);
    expect(linesOf(run, "lost")).toEqual(["no File_system session: Denied"]);
    expect(linesOf(run, "etc_reader_escape")).toEqual(["no File_system session: Denied"]);
    expect(run.lines.some((l) => l.includes("Warning: no policy for File_system session 'stranger -> /'"))).toBe(true);
    expect(run.lines.some((l) => l.includes("Warning: root '/nowhere' of File_system session 'lost -> /' is no directory"))).toBe(true);
  });
});

describe("fs policy roots", () => {
  it("makes a writeable policy's missing root, with its parents; a read-only one's stays denied", async () => {
    const run = await boot(system(`
      <policy label="corner -> /" root="/var/corner" writeable="yes"/> <policy label="lost -> /" root="/nowhere"/>
      <policy label="whole -> /" root="/"/> ${CONTENT}`,
      `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`,
      clientStart("corner", `<write path="/f" text="mine"/> <list path="/"/> <exit/>`),
      clientStart("lost", `<exit/>`),
      clientStart("whole", `<sleep ms="10"/> <list path="/"/> <list path="/var"/> <read path="/var/corner/f"/> <exit/>`)));
    expect(linesOf(run, "corner")).toEqual(["write /f: 4", "list /: f"]);
    expect(linesOf(run, "lost")).toEqual(["no File_system session: Denied"]);
    expect(linesOf(run, "whole")).toEqual(["list /: etc/ top var/", "list /var: corner/", "read /var/corner/f: mine"]);
  });
});

describe("fs watch", () => {
  it("signals a watcher when another session writes, creates, renames or removes what it watches", async () => {
    // Signals count: /new changes when the writer creates it (open), when it closes the handle it
    // wrote through, and when it is renamed away: the third.
    const run = await boot(system(`<default-policy root="/" writeable="yes"/> ${CONTENT}`,
      `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`,
      clientStart("watcher", `<watch path="/etc/motd"/> <watch path="/etc"/> <watch path="/new"/> <watch path="/../x"/>
        <wait path="/etc/motd" changes="1"/> <read path="/etc/motd"/>
        <wait path="/new" changes="1"/> <read path="/new"/>
        <wait path="/etc" changes="1"/> <unwatch path="/etc"/> <unwatch path="/etc"/>
        <wait path="/new" changes="3"/> <stat path="/new"/> <log string="done"/> <exit/>`),
      clientStart("writer", `<sleep ms="50"/> <write path="/etc/motd" text="changed"/> <sleep ms="50"/> <write path="/new" text="created"/>
        <sleep ms="50"/> <mkdir path="/etc/sub"/> <sleep ms="50"/> <rename from="/new" to="/etc/new"/> <exit/>`)));
    expect(linesOf(run, "watcher")).toEqual([
      "watch /etc/motd: ok",
      "watch /etc: ok",
      "watch /new: ok",
      "watch /../x: Denied",
      "read /etc/motd: changed",
      "read /new: created",
      "unwatch /etc: ok",
      "unwatch /etc: Invalid",
      "stat /new: NotFound",
      "done",
    ]);
    expect(run.sys.faults).toEqual([]);
  });
});

describe("fs capacity from its RAM quota", () => {
  const filler = (fsRam: string, fsAttrs = "") => `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="fs" ram="${fsRam}"> <provides> <service name="File_system"/> </provides>
    <config ${fsAttrs}> <default-policy root="/" writeable="yes"/> </config> </start>
  ${clientStart("client", `<fill path="/a" size="16000000"/> <write path="/b" text="full"/> <unlink path="/a"/> <write path="/b" text="after"/> <read path="/b"/> <exit/>`)}
</config>`;

  it("answers NoSpace before a big write exhausts the RAM (2M, 8M), and goes on serving", async () => {
    for (const ram of ["2M", "8M"]) {
      const run = await boot(filler(ram));
      const lines = linesOf(run, "client");
      expect(lines[0], ram).toMatch(/^fill \/a: \d+ bytes, NoSpace$/);
      // Full until the big file goes; then it serves as before.
      expect(lines.slice(1)).toEqual(["write /b: NoSpace", "unlink /a: ok", "write /b: 5", "read /b: after"]);
      expect(run.sys.faults).toEqual([]);
    }
  });

  it("lowers a capacity its RAM quota cannot hold, with a warning", async () => {
    const run = await boot(filler("2M", `capacity="64M"`));
    expect(run.lines.some((l) => l.startsWith("[init -> fs] ") && l.includes("capacity 64M is more than the RAM quota holds"))).toBe(true);
    expect(linesOf(run, "client")[0]).toMatch(/^fill \/a: \d+ bytes, NoSpace$/);
    expect(run.sys.faults).toEqual([]);
  });
});
