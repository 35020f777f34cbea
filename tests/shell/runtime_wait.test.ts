// start, stop and restart finish what they say (the runtime's state report shows it, or a timeout says why), and ps -a / graph -a show the whole system.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedConfig } from "../../bin/session.ts";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { repoRoot } from "../support/paths.ts";
import { Screen } from "./screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");

/** The default system running `line` as `wasmode -c` does; what it printed, and its log. */
async function script(line: string, storage?: MemoryStorage): Promise<{ said: string; lines: string[]; exit: string | undefined }> {
  const s = new Screen(storage, 100, 60);
  await s.boot(scriptedConfig(defaultSystem, line));
  await s.settle();
  const exit = s.run.lines.find((l) => l.startsWith(`[init] child "shell" exited`));
  return { said: s.device.text().replace(/\r\n/g, "\n"), lines: s.run.lines, exit };
}

/** The rows of the ps table that follows `after` in `said` (up to the next blank or prompt-less line that is no row). */
const psRows = (said: string, from: number) => said.slice(from).split("\n").slice(1).filter((r) => /^\s*\S+\s+\S+\s+(\S{8}|-)\s+/.test(r));

describe("start, stop and restart in a script", () => {
  it("start returns once init runs the component: `start hello_server; start hello_client; ps` lists both, and the client gets its answer", async () => {
    const { said, lines, exit } = await script("start hello_server --provides Hello; start hello_client; ps");
    const table = said.indexOf("NAME");
    expect(table, said).toBeGreaterThanOrEqual(0);
    const names = psRows(said, table).map((r) => r.trim().split(/\s+/)[0]);
    expect(names.sort()).toEqual(["hello_client", "hello_server"]);
    expect(lines).toContain("[init -> runtime -> hello_client] 2 + 5 = 7");
    expect(exit).toBe(`[init] child "shell" exited with exit value 0`);
  });

  it("stop returns once the component is gone, restart once it runs its new version", async () => {
    const { said, lines } = await script("start hello_server; stop hello_server; ps; start hello_server; restart hello_server; config; ps");
    // The first ps: an empty table; the ready line twice after the restart (three starts of it in all).
    const first = said.indexOf("NAME");
    expect(said.slice(first).split("\n")[1]).toMatch(/^<config>|^$/);
    expect(lines.filter((l) => l === "[init -> runtime -> hello_server] ready")).toHaveLength(3);
    const last = said.lastIndexOf("NAME");
    expect(psRows(said, last).map((r) => r.split(/\s+/)[0])).toEqual(["hello_server"]);
    expect(said).toContain(`<start name="hello_server" ram="1M" caps="100" version="1">`);
  });

  it("a component init cannot start: start gives up after its timeout naming what the state report shows, and the line goes on", async () => {
    const storage = new MemoryStorage();
    // An unsigned binary under /build: build_rom serves it, core refuses to run it, init reports the child incomplete.
    const { said, lines, exit } = await script("echo junk > /build/junk.wasm; start junk; echo went on", storage);
    expect(said).toContain("start: junk: not started after 5 s: the runtime's state report shows it incomplete (log runtime tells why)\n");
    expect(said).toContain("went on\n");
    expect(lines.find((l) => l.startsWith(`[init -> runtime] child "junk" not started: `))).toMatch(/not a WebAssembly module/);
    // The last command's status is the script's.
    expect(exit).toBe(`[init] child "shell" exited with exit value 0`);
  });

  it("start of a binary that exists nowhere fails at once, and the script's status says so", async () => {
    const { said, exit } = await script("start nosuch");
    expect(said).toContain(`start: nosuch: no binary "nosuch" in /build or the boot image`);
    expect(exit).toBe(`[init] child "shell" exited with exit value 1`);
  });
});

describe("ps -a and graph -a", () => {
  it("show the whole system: init's children with the runtime's inside it", async () => {
    const { said } = await script("start hello_server; ps -a; graph -a");
    const table = said.indexOf("NAME");
    const rows = said.slice(table).split("\n");
    expect(rows[1]).toBe("init");
    const top = rows.filter((r) => /^ {2}\S/.test(r)).map((r) => r.trim().split(/\s+/)[0]);
    for (const name of ["timer", "terminal", "fs", "report_rom", "shell", "runtime"]) expect(top, said).toContain(name);
    // hello_server sits under the runtime, one level deeper.
    const runtimeAt = rows.findIndex((r) => /^ {2}runtime\s/.test(r));
    expect(rows[runtimeAt + 1]).toMatch(/^ {4}hello_server\s+hello_server\s+[0-9a-f]{8}\s+image\s+\S+\s+\S+\s+running$/);
    // The tree: the runtime's branch holds hello_server.
    expect(said).toMatch(/\n[├└]─ runtime \(init\) {2}RAM [^\n]+\n[│ ] {2}└─ hello_server {2}RAM /);
  });

  it("say why when the shell's routes do not reach the system's state", async () => {
    const noState = defaultSystem.replace(/<service name="ROM" label="system_state">[^\n]*\n/, "");
    expect(noState).not.toBe(defaultSystem);
    const s = new Screen(undefined, 100, 40);
    await s.boot(scriptedConfig(noState, "ps -a"));
    await s.settle();
    expect(s.device.text()).toContain("ps: -a: ");
    expect(s.run.lines).toContain(`[init] child "shell" exited with exit value 1`);
  });
});
