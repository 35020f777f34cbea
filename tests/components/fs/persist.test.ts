// fs with persist="yes": files outlive a reboot through core's storage device; without the device they live in memory.
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

const client = () => testComponent("tests/components/fs/assembly/fs_client.ts");

/** fs persisting (its config attributes `fsAttrs`) with a first start of <content>, and a client running `steps`. */
function system(steps: string, fsAttrs = `persist="yes"`, extra = ""): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> <service name="Storage"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides>
    <config ${fsAttrs}> <default-policy root="/" writeable="yes"/>
      <content> <inline name="motd">Hello</inline> <dir name="etc"> <inline name="rc">x</inline> </dir> </content> </config> </start>
  ${extra}
  <start name="client"> <binary name="fs_client"/> <config> ${steps} <exit/> </config> </start>
</config>`;
}

async function boot(config: string, storage?: MemoryStorage): Promise<Run> {
  return runSystem(config, { fs_client: await client() }, storage ? { storage } : {});
}

const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[init -> ${name}] `)).map((l) => l.slice(`[init -> ${name}] `.length));

describe("fs persisting on the storage device", () => {
  it("a file written, a directory made, a rename and a removal in one boot are there in the next", async () => {
    const storage = new MemoryStorage();
    const first = await boot(system(`
      <write path="/note" text="written in the first boot"/> <mkdir path="/d"/> <write path="/d/a" text="1"/>
      <rename from="/d/a" to="/d/b"/> <unlink path="/motd"/> <big path="/big" size="20000"/> <write path="/etc/rc" text="replaced"/>`), storage);
    expect(first.sys.faults).toEqual([]);
    expect(linesOf(first, "client")).toContain("big /big: 20000 bytes, read back the same");
    const second = await boot(system(`
      <list path="/"/> <read path="/note"/> <list path="/d"/> <read path="/d/b"/> <stat path="/big"/> <read path="/etc/rc"/>`), storage);
    expect(linesOf(second, "client")).toEqual([
      "list /: big d/ etc/ note",
      "read /note: written in the first boot",
      "list /d: b",
      "read /d/b: 1",
      "stat /big: file 20000",
      "read /etc/rc: replaced",
    ]);
    expect(second.lines.filter((l) => l.includes("Warning") || l.includes("[core]"))).toEqual([]);
  });

  it("<content> fills only an empty store: what a user removed stays removed", async () => {
    const storage = new MemoryStorage();
    await boot(system(`<read path="/motd"/> <unlink path="/etc/rc"/>`), storage);
    const second = await boot(system(`<read path="/motd"/> <list path="/etc"/>`), storage);
    expect(linesOf(second, "client")).toEqual(["read /motd: Hello", "list /etc: (none)"]);
  });

  it("commits a file's content when its handle closes, and each operation on the tree as it completes", async () => {
    const storage = new MemoryStorage();
    await boot(system(``), storage);
    const before = storage.commits;
    await boot(system(`<mkdir path="/a"/> <mkdir path="/a/b"/> <write path="/a/b/f" text="x"/> <rename from="/a/b/f" to="/g"/> <unlink path="/g"/>`), storage);
    // mkdir, mkdir, the create at open, the close after the write, rename, unlink.
    expect(storage.commits - before).toBe(6);
    expect(storage.list().map((e) => e.key)).toEqual(["f1", "f2", "tree"]);
  });

  it("without a storage device the files live in memory, and fs says so", async () => {
    const run = await boot(system(`<write path="/note" text="n"/> <read path="/note"/>`));
    expect(linesOf(run, "client")).toEqual(["write /note: 1", "read /note: n"]);
    expect(run.lines).toContain(`[core] init -> fs -> : "Storage" session denied: the platform has no storage device (nothing persists)`);
    expect(run.lines).toContain(`[init -> fs] \x1b[34mWarning: no Storage session (error -12): files last only while the system runs\x1b[0m`);
  });

  it("a damaged store is left alone: fs serves its <content> from memory and commits nothing", async () => {
    const storage = new MemoryStorage();
    storage.commit(new Map([["tree", new TextEncoder().encode("something else\n")]]));
    const run = await boot(system(`<read path="/motd"/> <write path="/x" text="1"/>`), storage);
    expect(linesOf(run, "client")).toEqual(["read /motd: Hello", "write /x: 1"]);
    expect(run.lines.some((l) => l.includes("cannot load the stored files"))).toBe(true);
    expect(storage.commits).toBe(1);
  });

  it("one client at a time: a second fs asking for Storage is denied", async () => {
    const storage = new MemoryStorage();
    const run = await boot(system(``, `persist="yes"`, `<start name="fs2" ram="2M"> <binary name="fs"/> <config persist="yes"/> </start>`), storage);
    expect(run.lines).toContain(`[core] init -> fs2 -> : "Storage" session denied: the storage device is in use`);
    expect(run.lines).toContain(`[init -> fs2] \x1b[34mWarning: no Storage session (error -12): files last only while the system runs\x1b[0m`);
  });
});
