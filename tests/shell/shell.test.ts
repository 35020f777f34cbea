// The shell as a person at a terminal sees it: typing, completion, commands over the file system, errors; and the scripted mode.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { repoRoot } from "../support/paths.ts";
import { Screen, system } from "./screen.ts";

describe("the shell at a terminal", () => {
  it("greets, runs commands over the file system and shows a new prompt", async () => {
    const s = await new Screen().boot(system());
    expect(s.rows()).toEqual(["Wasmode shell: type help for the commands, ctrl-d to leave.", "/ $ "]);
    await s.type("ls /\r");
    await s.type("cat /etc/motd\r");
    expect(s.rows().slice(1)).toEqual(["/ $ ls /", "README", "etc/", "/ $ cat /etc/motd", "Welcome to Wasmode", "/ $ "]);
  });

  it("writes with > and >>, makes, moves, copies and removes files", async () => {
    const s = await new Screen().boot(system());
    await s.type("echo hello > /note\recho again >> /note\rmkdir /d\rcp /note /d/copy\rmv /note /d/moved\rrm /d/copy\rls /d\rcat /d/moved\r");
    const rows = s.rows();
    expect(rows.slice(-5)).toEqual(["moved", "/ $ cat /d/moved", "hello", "again", "/ $ "]);
  });

  it("completes commands and paths with tab, and keeps the history", async () => {
    const s = await new Screen().boot(system());
    await s.type("ca\t/et\tmo\t\r");
    // A full name is completed with a space after it, as in bash.
    expect(s.rows()).toContain("/ $ cat /etc/motd ");
    await s.type("\x1b[A");
    expect(s.rows().at(-1)).toBe("/ $ cat /etc/motd ");
  });

  it("answers bad commands and paths with one clear line, and goes on", async () => {
    const s = await new Screen().boot(system());
    await s.type("frobnicate\rcat /nope\recho \"open\rcd /etc/motd\r");
    const rows = s.rows();
    expect(rows).toContain("shell: frobnicate: command not found (help lists the commands)");
    expect(rows).toContain("cat: /nope: no such file or directory");
    expect(rows).toContain("shell: column 6: unterminated quote");
    expect(rows).toContain("cd: /etc/motd: not a directory");
    expect(rows.at(-1)).toBe("/ $ ");
    expect(s.run.sys.faults).toEqual([]);
  });

  it("lists every command with one line of help", async () => {
    // Tall enough for the whole list.
    const s = await new Screen(undefined, 100, 60).boot(system());
    await s.type("help\r");
    const rows = s.rows();
    for (const name of ["help", "echo", "ls", "cat", "cd", "pwd", "mkdir", "rm", "mv", "cp", "clear", "exit"]) {
      expect(rows.some((r) => r.startsWith(name)), name).toBe(true);
    }
  });

  it("refuses to write where its file system session is read-only", async () => {
    const s = await new Screen().boot(system("", `<default-policy root="/" writeable="no"/>`));
    await s.type("echo x > /f\r");
    expect(s.rows()).toContain("shell: /f: permission denied");
  });

  it("says no space left when a write is beyond the file system's capacity, and goes on", async () => {
    const s = await new Screen().boot(system("", `<default-policy root="/" writeable="yes"/>`, `capacity="2K"`));
    await s.type(`echo ${"x".repeat(3000)} > /big\r`);
    expect(s.rows().slice(-2)).toEqual(["shell: /big: no space left", "/ $ "]);
    await s.type("echo small > /small\rcat /small\r");
    expect(s.rows().slice(-2)).toEqual(["small", "/ $ "]);
    expect(s.run.sys.faults).toEqual([]);
  });

  it("takes a long pasted line in its stride", async () => {
    const s = await new Screen().boot(system());
    await s.type(`echo ${"y".repeat(3500)}\r`);
    expect(s.run.sys.faults).toEqual([]);
    expect(s.rows().at(-1)).toBe("/ $ ");
    expect(s.rows().at(-2)).toMatch(/^y+$/);
  });

  it("ends on ctrl-d and on exit with the status given", async () => {
    const s = await new Screen().boot(system());
    await s.type("\x04");
    expect(s.run.lines).toContain(`[init] child "shell" exited with exit value 0`);
    const t = await new Screen().boot(system());
    await t.type("exit 3\r");
    expect(t.run.lines).toContain(`[init] child "shell" exited with exit value 3`);
  });
});

describe("the shell's scripted mode", () => {
  it("runs the line of its config and exits with the last command's status", async () => {
    const s = await new Screen().boot(system(`command="ls /; cat /README"`));
    expect(s.device.text()).toBe("README\r\netc/\r\nTry: ls /\r\n");
    expect(s.run.lines).toContain(`[init] child "shell" exited with exit value 0`);
    const f = await new Screen().boot(system(`command="cat /nope"`));
    expect(f.run.lines).toContain(`[init] child "shell" exited with exit value 1`);
  });
});

describe("the shell in the default system (system/default.xml)", () => {
  const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");

  it("greets a newcomer with a README that says what to try", async () => {
    const s = await new Screen().boot(defaultSystem);
    await s.type("cat /README\r");
    expect(s.rows()).toContain("Welcome to Wasmode, a component system in WebAssembly.");
  });

  it("starts, lists, restarts and stops components of the runtime", async () => {
    const s = await new Screen().boot(defaultSystem);
    await s.type("start hello_server\r");
    await s.type("ps\r");
    let rows = s.rows();
    const header = rows.findIndex((r) => r.startsWith("NAME") && r.includes("RAM used/quota"));
    expect(header, rows.join("\n")).toBeGreaterThan(0);
    expect(rows[header + 1]).toMatch(/^hello_server\s+hello_server\s+[0-9a-f]{8}\s+image\s+\S+\/\S+\s+\d+\/\d+\s+running$/);
    expect(s.run.lines).toContain("[init -> runtime -> hello_server] ready");
    await s.type("start second hello_server\r");
    await s.type("graph\r");
    rows = s.rows();
    const tree = rows.slice(-4, -1);
    expect(tree[0]).toBe("runtime");
    expect(tree[1]).toMatch(/^\u251c\u2500 /);
    expect(tree[2]).toMatch(/^\u2514\u2500 /);
    const branches = tree.slice(1).map((r) => r.slice(3)).sort();
    expect(branches[0]).toMatch(/^hello_server  RAM \S+\/\S+  caps \d+\/\d+  running$/);
    expect(branches[1]).toMatch(/^second \(hello_server\)  RAM \S+\/\S+  caps \d+\/\d+  running$/);
    await s.type("stop second\r");
    await s.type("restart hello_server\r");
    expect(s.run.lines.filter((l) => l === "[init -> runtime -> hello_server] ready")).toHaveLength(2);
    await s.type("config\r");
    // The package's start: what it provides and its routes inside (tests/shell/pkgs.test.ts), the new version on it.
    expect(s.rows()).toContain(`  <start name="hello_server" ram="1M" caps="100" version="1">`);
    await s.type("stop hello_server\r");
    await s.type("ps\r");
    rows = s.rows();
    expect(rows.at(-2)).toMatch(/^NAME\s+BINARY/);
    await s.type("stop nothing\rstart bad/name\r");
    expect(s.rows()).toContain("stop: nothing: not started");
    expect(s.rows()).toContain("start: names are letters, digits, '-', '_' and '.'");
  });
});

describe("route in the shell", () => {
  it("explains where a runtime component's session goes, with init's own route model", async () => {
    const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    const s = await new Screen().boot(defaultSystem);
    await s.type("start hello_server\r");
    await s.type("route hello_server LOG\rroute ghost LOG\r");
    const rows = s.rows();
    expect(rows).toContain(`      target 1 <parent>: taken`);
    expect(rows.some((r) => r.startsWith("there is no <start name=\"ghost\">"))).toBe(true);
  });
});

describe("log in the shell", () => {
  it("shows the recent log lines, all or one component's", async () => {
    const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    const s = await new Screen().boot(defaultSystem);
    await s.type("start hello\r");
    await s.type("log hello\r");
    expect(s.rows()).toContain("[init -> runtime -> hello] Hello");
    // A component's log includes its children's.
    await s.type("log runtime 1\r");
    expect(s.rows().at(-2)).toBe("[init -> runtime -> hello] Hello");
    await s.type("log shell\r");
    expect(s.rows().at(-2)).toBe("/ $ log shell"); // the shell logs nothing
    await s.type("log hello 0\r");
    expect(s.rows()).toContain("log: LINES is a number above 0");
  });

  it("is refused to a shell whose routes send ROM to the parent but do not name the log", async () => {
    const s = await new Screen().boot(system());
    await s.type("log\r");
    expect(s.rows().slice(-2)).toEqual([`log: no log (the shell's routes grant no ROM "log")`, "/ $ "]);
    expect(s.run.lines).toContain(`[core] init -> shell -> log: ROM "log" is the top init's alone (route it there on purpose: README, "What a component can read")`);
  });
});

describe("history across boots", () => {
  it("keeps the lines entered in the file system, so up brings them back after a reboot with the same storage", async () => {
    const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    const storage = new MemoryStorage();
    const first = await new Screen(storage).boot(defaultSystem);
    await first.type("echo remembered\r");
    const second = await new Screen(storage).boot(defaultSystem);
    await second.type("\x1b[A");
    expect(second.rows().at(-1)).toBe("/ $ echo remembered");
    await second.type("\x15ls -a /\r");
    expect(second.rows()).toContain(".history");
  });
});

describe("edit", () => {
  it("edits a file full screen: typing, moving, a new line, ^S saves, ^X gives the prompt back", async () => {
    const s = await new Screen().boot(system());
    await s.type("edit /etc/motd\r");
    expect(s.rows()[0]).toBe("Welcome to Wasmode");
    expect(s.rows().at(-1)).toMatch(/^ \/etc\/motd  1:1  \^S save  \^X exit  \^K cut line$/);
    await s.type("\x05!\rSecond line\x1b[A\x01>");
    expect(s.rows().slice(0, 2)).toEqual([">Welcome to Wasmode!", "Second line"]);
    expect(s.rows().at(-1)).toMatch(/^ \/etc\/motd \(modified\)  1:2 /);
    await s.type("\x13");
    expect(s.rows().at(-1)).toMatch(/saved \/etc\/motd$/);
    await s.type("\x18");
    await s.type("cat /etc/motd\r");
    // The editor had a screen of its own: the shell's comes back as it was.
    expect(s.rows()).toEqual(["Wasmode shell: type help for the commands, ctrl-d to leave.", "/ $ edit /etc/motd", "/ $ cat /etc/motd", ">Welcome to Wasmode!", "Second line", "/ $ "]);
  });

  it("asks twice before leaving unsaved changes, and refuses a directory and the scripted mode", async () => {
    const s = await new Screen().boot(system());
    await s.type("edit /new\r");
    await s.type("draft\x18");
    expect(s.rows().at(-1)).toMatch(/unsaved: \^X again to discard, \^S to save$/);
    await s.type("\x18");
    await s.type("cat /new\redit /etc\r");
    const rows = s.rows();
    expect(rows).toContain("cat: /new: no such file or directory");
    expect(rows).toContain("edit: /etc: is a directory");
    const c = await new Screen().boot(system(`command="edit /x"`));
    expect(c.device.text()).toBe("edit: needs a person at the terminal (not with -c)\r\n");
  });
});

describe("config edit", () => {
  it("opens the runtime's config in the editor; saving applies it live, a broken one is refused with its position", async () => {
    const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    const s = await new Screen().boot(defaultSystem);
    await s.type("config edit\r");
    expect(s.rows()[0]).toBe("<config>");
    // Down to the closing </config>, then a start typed in before it.
    await s.type("\x1b[6~\x01<start name=\"hello_server\"/>\r\x13");
    expect(s.rows().at(-1)).toMatch(/saved runtime config$/);
    expect(s.run.lines).toContain("[init -> runtime -> hello_server] ready");
    await s.type("\x01<broken\x13");
    expect(s.rows().at(-1)).toMatch(/not saved: \d+:\d+: /);
    await s.type("\x18\x18");
    await s.type("ps\r");
    expect(s.rows().some((r) => r.startsWith("hello_server"))).toBe(true);
  });
});
