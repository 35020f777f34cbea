// Packages in the default system's shell: `pkgs` lists what can be started, `start NAME` routes a package's requirements (one provider: taken; several: asked, or --route; none: refused).
import { describe, expect, it } from "vitest";
import { readRepoFile } from "../support/system.ts";
import { Screen } from "./screen.ts";

const defaultSystem = readRepoFile("system/default.xml");

/** The default system whose shell runs `command` as with `wasmode -c` (and ends the system with its status). */
function scripted(command: string): Promise<Screen> {
  const config = defaultSystem.replace(`<exit propagate="yes"/>`, `<exit propagate="yes"/> <config command="${command.replaceAll('"', "&quot;")}"/>`);
  return new Screen(undefined, 160, 60).boot(config);
}

const exitLine = (status: number) => `[init] child "shell" exited with exit value ${status}`;

/** Types `command` and gives the rows it printed, up to the next prompt. */
async function run(s: Screen, command: string): Promise<string[]> {
  await s.type(`clear\r${command}\r`);
  const rows = s.rows();
  const at = rows.map((r) => r.endsWith(`$ ${command}`)).lastIndexOf(true);
  expect(at, rows.join("\n")).toBeGreaterThanOrEqual(0);
  return rows.slice(at + 1, -1);
}

describe("pkgs", () => {
  it("lists every package of the image with its summary, what it requires and what it provides", async () => {
    const s = await new Screen(undefined, 160, 80).boot(defaultSystem);
    const rows = await run(s, "pkgs");
    const at = (name: string) => rows.findIndex((r) => r.startsWith(name + " "));
    expect(rows[at("hello_server")]).toMatch(/^hello_server +serves Hello sessions/);
    expect(rows[at("hello_server") + 1]).toBe("  requires -; provides Hello");
    expect(rows[at("hello_client") + 1]).toBe("  requires Hello; provides -");
    expect(rows[at("timer") + 1]).toBe("  requires Clock; provides Timer");
    for (const name of ["hello", "timer", "fs", "terminal", "report_rom", "notes", "diary", "dummy", "dynamic_rom", "fs_rom",
      "build_rom", "builder", "rom_reporter", "src_fs", "wat_hello", "test-init", "init", "shell"]) {
      expect(at(name), `${name} in:\n${rows.join("\n")}`).toBeGreaterThanOrEqual(0);
      expect(rows[at(name)].slice(14)).not.toBe("(no summary)");
    }
  });

  it("shows a component made with new as a package, and names the file and line of a broken runtime file", async () => {
    const s = await new Screen(undefined, 160, 80).boot(defaultSystem);
    await run(s, "new greeter --service");
    await run(s, "mkdir /src/components/broken");
    await run(s, `echo "runtime | ram: lots" > /src/components/broken/runtime`);
    // A HID runtime file without its end: a syntax error, then (ended) a wrong value.
    expect(await run(s, "pkgs")).toContain("pkgs: /src/components/broken/runtime:1: missing end marker '-' at the start of a line after <runtime>");
    await run(s, `echo - >> /src/components/broken/runtime`);
    const rows = await run(s, "pkgs");
    expect(rows, rows.join("\n")).toContain(`pkgs: /src/components/broken/runtime:1: ram "lots" is no amount (such as 2M)`);
    expect(rows[rows.findIndex((r) => r.startsWith("greeter "))]).toMatch(/^greeter +serves Greeter sessions$/);
    expect(rows[rows.findIndex((r) => r.startsWith("greeter ")) + 1]).toBe("  requires -; provides Greeter");
    expect(rows[rows.findIndex((r) => r.startsWith("greeter_client ")) + 1]).toBe("  requires Greeter; provides -");
    // A service whose name HID cannot hold as a node type (upper case inside) gets an XML runtime file, its name kept.
    await run(s, "new LoudShouter --service");
    const more = await run(s, "pkgs");
    expect(more[more.findIndex((r) => r.startsWith("LoudShouter ")) + 1]).toBe("  requires -; provides LoudShouter");
    expect(more[more.findIndex((r) => r.startsWith("LoudShouter_client ")) + 1]).toBe("  requires LoudShouter; provides -");
    expect((await run(s, "cat /src/components/LoudShouter/runtime"))[0]).toMatch(/^<runtime /);
    // Not built yet: its package names a binary that is nowhere.
    expect(await run(s, "start greeter")).toEqual([`start: greeter: no binary "greeter" in /build or the boot image (its package names it)`]);
    expect(await run(s, "start broken")).toEqual([`start: /src/components/broken/runtime:1: ram "lots" is no amount (such as 2M)`]);
    expect((await run(s, "config")).join("\n")).not.toContain("broken");
  });
});

describe("start of a package", () => {
  it("routes the client to the one server that provides what it requires: the client logs its result", async () => {
    const s = await new Screen(undefined, 160, 60).boot(defaultSystem);
    await s.type("start hello_server\r");
    await s.type("start hello_client\r");
    expect(s.run.lines).toContain("[init -> runtime -> hello_client] 2 + 5 = 7");
    expect(s.run.lines).toContain("[init -> runtime -> hello_server] Hello, hello_client -> !");
    const config = (await run(s, "config")).join("\n");
    expect(config).toContain(`<start name="hello_server" ram="1M" caps="100">\n    <provides>\n      <service name="Hello"/>`);
    expect(config).toMatch(/<start name="hello_client"[^]*<service name="Hello">\s*<child name="hello_server"\/>\s*<\/service>/);
  });

  it("refuses a package whose requirement nothing provides, naming it, and changes nothing", async () => {
    const s = await new Screen(undefined, 160, 60).boot(defaultSystem);
    expect(await run(s, "start notes")).toEqual([
      "start: notes: nothing provides File_system (neither the runtime's parent nor a started component; pkgs shows what provides what)",
    ]);
    expect((await run(s, "config")).join("\n")).not.toContain("<start");
  });

  it("asks which provider when several fit: arrows and enter choose, the route is written", async () => {
    const s = await new Screen(undefined, 160, 60).boot(defaultSystem);
    await s.type("start hello_server\rstart second hello_server --provides Hello\r");
    await s.type("start hello_client\r");
    const rows = s.rows();
    const q = rows.indexOf("hello_client requires Hello: which provider? (arrows or digits, enter; escape cancels)");
    expect(q, rows.join("\n")).toBeGreaterThan(0);
    expect(rows.slice(q + 1, q + 3)).toEqual(["> 1. hello_server (child:hello_server)", "  2. second (child:second)"]);
    expect(s.run.lines.some((l) => l.includes("hello_client]"))).toBe(false);
    await s.type("\x1b[B");
    expect(s.rows().slice(q + 1, q + 3)).toEqual(["  1. hello_server (child:hello_server)", "> 2. second (child:second)"]);
    await s.type("\r");
    expect(s.run.lines).toContain("[init -> runtime -> second] Hello, hello_client -> !");
    expect(s.run.lines).toContain("[init -> runtime -> hello_client] 2 + 5 = 7");
    expect((await run(s, "config")).join("\n")).toMatch(/<start name="hello_client"[^]*<service name="Hello">\s*<child name="second"\/>/);
    // The prompt is back: the shell takes commands again.
    expect(await run(s, "echo back")).toEqual(["back"]);
  });

  it("takes a digit for the choice, and escape cancels: nothing is started, the rest of the line is dropped", async () => {
    const s = await new Screen(undefined, 160, 60).boot(defaultSystem);
    await s.type("start hello_server\rstart second hello_server --provides Hello\r");
    await s.type("start hello_client; echo after\r");
    await s.type("\x1b");
    expect(s.rows()).toContain("start: hello_client: not started (no provider chosen)");
    expect(s.rows()).not.toContain("after");
    expect((await run(s, "config")).join("\n")).not.toContain("hello_client");
    await s.type("start hello_client\r");
    await s.type("1\r");
    expect(s.run.lines).toContain("[init -> runtime -> hello_server] Hello, hello_client -> !");
  });
});

describe("start of a package in a script (-c)", () => {
  it("fails at an ambiguity, naming the choices and how to pass --route", async () => {
    const s = await scripted("start hello_server; start second hello_server --provides Hello; start hello_client");
    expect(s.rows()).toContain("start: hello_client: Hello has 2 providers: child:hello_server, child:second; choose one with --route Hello=child:hello_server");
    expect(s.run.lines).toContain(exitLine(1));
  });

  it("routes as --route says", async () => {
    const s = await scripted("start hello_server; start second hello_server --provides Hello; start hello_client --route Hello=child:second; config");
    const shown = s.rows().join("\n");
    expect(shown).toMatch(/<start name="hello_client"[^]*<service name="Hello">\s*<child name="second"\/>/);
    expect(s.run.lines).toContain(exitLine(0));
  });

  it("names a labelled requirement's choices, and --route SERVICE:LABEL routes that label", async () => {
    // src_fs requires the ROM src.tar, which the runtime's parent and build_rom both serve.
    const ambiguous = await scripted("start fs; start build_rom; start src_fs");
    expect(ambiguous.rows()).toContain("start: src_fs: ROM label src.tar has 2 providers: parent, child:build_rom; choose one with --route ROM:src.tar=parent");
    expect(ambiguous.run.lines).toContain(exitLine(1));
    const s = await scripted("start fs; start build_rom; start src_fs --route ROM:src.tar=parent; config");
    const shown = s.rows().join("\n");
    expect(shown).toMatch(/<start name="src_fs"[^]*<service name="ROM" label="src.tar">\s*<parent\/>\s*<\/service>\s*<service name="File_system">\s*<child name="fs"\/>/);
    expect(s.run.lines).toContain(exitLine(0));
  });

  it("refuses a --route to what does not provide the service, naming the choices", async () => {
    const s = await scripted("start hello_server; start hello_client --route Hello=child:nobody");
    expect(s.rows()).toContain("start: hello_client: --route Hello=child:nobody: nobody is no started component providing Hello (choices: child:hello_server)");
    expect(s.run.lines).toContain(exitLine(1));
  });

  it("exits non-zero with a reason for a name that is neither a package nor a binary", async () => {
    const s = await scripted("start nosuch");
    expect(s.rows()).toContain(`start: nosuch: no binary "nosuch" in /build or the boot image`);
    expect(s.run.lines).toContain(exitLine(1));
  });
});
