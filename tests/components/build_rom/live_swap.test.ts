// build_rom across a live swap: the ROM sessions of /build's binaries it serves go on, a file changed after the swap is served anew, new sessions work.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Screen } from "../../shell/screen.ts";
import { bootImage, readRepoFile, testComponent } from "../../support/system.ts";
import { imageModule, swap } from "../../kernel/host/live_swap_system.ts";

const sha8 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 8);

/** The default system with a `stash` component that copies boot modules into the fs at /stash, for the shell to copy into /build. */
async function boot(copies: string, roms: Record<string, Uint8Array> = {}): Promise<Screen> {
  const stash = await testComponent("tests/components/build_rom/assembly/stash.ts");
  const config = readRepoFile("system/default.xml")
    .replace(`<policy label_prefix="shell"`, `<policy label_prefix="stash" root="/" writeable="yes"/> <policy label_prefix="shell"`)
    .replace(`<start name="shell"`, `<start name="stash" ram="2M"> <config> <mkdir path="/stash"/> ${copies} </config>
      <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> </any-service> </route> </start>
    <start name="shell"`);
  const s = await new Screen(undefined, 100, 40).boot(config, { stash, ...roms });
  expect(s.run.lines).toContain("[init -> stash] stashed");
  return s;
}

/** The columns of `name`'s ps row. */
async function psRow(s: Screen, name: string): Promise<string[]> {
  await s.type("clear\rps\r");
  const row = s.rows().find((r) => r.startsWith(name + " "));
  expect(row, s.rows().join("\n")).toBeDefined();
  return row!.trim().split(/\s+/);
}

describe("build_rom across a live swap", () => {
  it("keeps the ROM of a binary under /build a running child holds; restarts it on the newer binary; serves new sessions from /build and the image", async () => {
    const image = await bootImage();
    const hello = image.get("hello.wasm")!, server = image.get("hello_server.wasm")!;
    const s = await boot(`<copy rom="hello" path="/stash/hello.wasm"/> <copy rom="hello_server" path="/stash/server.wasm"/>`);
    await s.type("cp /stash/hello.wasm /build/mine.wasm\r");
    await s.type("start mine\r");
    expect(s.run.lines).toContain("[init -> runtime -> mine] Hello");
    const label = s.run.sys.servers.find((x) => x?.label.endsWith(" -> build_rom"))!.label;

    const outcome = await swap(s.run, label, await imageModule("build_rom.wasm"));
    expect(outcome.kind, "reason" in outcome ? outcome.reason : "").toBe("restored");

    // The session the runtime held for mine is closed and a new one opened, on the newer binary (the file re-read, its dataspace made anew).
    await s.type("cp /stash/server.wasm /build/mine.wasm\r");
    await s.type("restart mine\r");
    expect(s.run.lines).toContain("[init -> runtime -> mine] ready");
    expect((await psRow(s, "mine")).slice(0, 4)).toEqual(["mine", "mine", sha8(server), "local"]);
    // A module /build lacks comes from the boot image through a new session of the new instance.
    await s.type("start hello_server\r");
    expect((await psRow(s, "hello_server")).slice(0, 4)).toEqual(["hello_server", "hello_server", sha8(server), "image"]);
    // A second swap carries the sessions opened after the first; mine goes on reading the binary it runs.
    expect((await swap(s.run, label, await imageModule("build_rom.wasm"))).kind).toBe("restored");
    await s.type("cp /stash/hello.wasm /build/mine.wasm\r");
    await s.type("restart mine\r");
    expect(s.run.lines.filter((l) => l === "[init -> runtime -> mine] Hello")).toHaveLength(2);
    expect((await psRow(s, "mine")).slice(0, 4)).toEqual(["mine", "mine", sha8(hello), "local"]);
    expect(s.run.lines.filter((l) => l.includes("build_rom]"))).toEqual([]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("a client reading a ROM of /build through a session opened before the swap is told of its changes after, and reads them", async () => {
    const watcher = await testComponent("tests/components/dynamic_rom/assembly/rom_watcher.ts");
    const s = await boot(``, { rom_watcher: watcher });
    await s.type("echo one > /build/test\r");
    await s.type("start rom_watcher\r");
    await s.type("echo two > /build/test\r");
    const reads = () => s.run.lines.filter((l) => l.startsWith("[init -> runtime -> rom_watcher] read "));
    expect(reads()).toEqual(["[init -> runtime -> rom_watcher] read 0: one", "[init -> runtime -> rom_watcher] read 1: two"]);
    const label = s.run.sys.servers.find((x) => x?.label.endsWith(" -> build_rom"))!.label;
    const outcome = await swap(s.run, label, await imageModule("build_rom.wasm"));
    expect(outcome.kind, "reason" in outcome ? outcome.reason : "").toBe("restored");
    // The file's watch, the client's signal and its session all carried: a change after the swap reaches it.
    await s.type("echo three > /build/test\r");
    expect(reads().slice(2)).toEqual(["[init -> runtime -> rom_watcher] read 2: three"]);
    expect((await swap(s.run, label, await imageModule("build_rom.wasm"))).kind).toBe("restored");
    await s.type("echo four > /build/test\r");
    expect(reads().slice(3)).toEqual(["[init -> runtime -> rom_watcher] read 3: four"]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);
});
