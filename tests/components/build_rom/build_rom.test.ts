// build_rom in the default system: a binary written under /build starts through the shell's `start`, ahead of the boot image's, without a reboot.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Screen } from "../../shell/screen.ts";
import { bootImage, readRepoFile, testComponent } from "../../support/system.ts";

const sha8 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 8);

/**
 * The default system with a `stash` component that copies boot modules into the fs at /stash, as
 * a build would leave binaries: the shell copies them into /build as a person would.
 */
async function boot(copies: string): Promise<Screen> {
  const stash = await testComponent("tests/components/build_rom/assembly/stash.ts");
  const config = readRepoFile("system/default.xml")
    .replace(`<policy label_prefix="shell"`, `<policy label_prefix="stash" root="/" writeable="yes"/> <policy label_prefix="shell"`)
    .replace(`<start name="shell"`, `<start name="stash" ram="2M"> <config> <mkdir path="/stash"/> ${copies} </config>
      <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> </any-service> </route> </start>
    <start name="shell"`);
  const s = await new Screen(undefined, 100, 40).boot(config, { stash });
  expect(s.run.lines).toContain("[init -> stash] stashed");
  return s;
}

/** The ps row of `name`, split into its columns. */
async function psRow(s: Screen, name: string): Promise<string[]> {
  await s.type("ps\r");
  const rows = s.rows();
  const header = rows.lastIndexOf(rows.filter((r) => r.startsWith("NAME")).at(-1)!);
  const row = rows.slice(header + 1).find((r) => r.startsWith(name + " "));
  expect(row, rows.join("\n")).toBeDefined();
  return row!.trim().split(/\s+/);
}

describe("build_rom: the runtime runs what is built under /build", () => {
  it("starts a binary written to /build, says it is a local build with its sha256, and runs the newer one after restart", async () => {
    const image = await bootImage();
    const hello = image.get("hello.wasm")!, server = image.get("hello_server.wasm")!;
    const s = await boot(`<copy rom="hello" path="/stash/hello.wasm"/> <copy rom="hello_server" path="/stash/server.wasm"/>`);
    await s.type("cp /stash/hello.wasm /build/mine.wasm\r");
    await s.type("start mine\r");
    expect(s.run.lines).toContain("[init -> runtime -> mine] Hello");
    expect((await psRow(s, "mine")).slice(0, 4)).toEqual(["mine", "mine", sha8(hello), "local"]);

    // A newer binary, and a restart: the new one runs, no reboot.
    await s.type("cp /stash/server.wasm /build/mine.wasm\r");
    await s.type("restart mine\r");
    expect(s.run.lines).toContain("[init -> runtime -> mine] ready");
    expect((await psRow(s, "mine")).slice(0, 5)).toEqual(["mine", "mine", sha8(server), "local", expect.stringMatching(/\//)]);

    // The boot image's binary, where /build has none.
    await s.type("start hello_server\r");
    expect((await psRow(s, "hello_server")).slice(0, 4)).toEqual(["hello_server", "hello_server", sha8(server), "image"]);
    expect(s.run.sys.faults).toEqual([]);
  });

  it("a binary under /build runs ahead of the boot image's of the same name; /NAME without .wasm is found too", async () => {
    const s = await boot(`<copy rom="hello" path="/stash/hello.wasm"/>`);
    // /build/hello_server (no .wasm) holds hello: `start hello_server` runs hello's bytes.
    await s.type("cp /stash/hello.wasm /build/hello_server\r");
    await s.type("start hello_server\r");
    expect(s.run.lines).toContain("[init -> runtime -> hello_server] Hello");
    const image = await bootImage();
    expect((await psRow(s, "hello_server")).slice(2, 4)).toEqual([sha8(image.get("hello.wasm")!), "local"]);
  });

  it("refuses a truncated binary with its reason, and the runtime's other children run on", async () => {
    const s = await boot(`<copy rom="hello" path="/stash/cut.wasm" size="1000"/><copy rom="hello.wasm.intoto.jsonl" path="/stash/hello.wasm.intoto.jsonl"/>`);
    await s.type("start hello_server\r");
    await s.type("cp /stash/cut.wasm /build/cut.wasm\r");
    await s.type("start cut\r");
    const refused = () => s.run.lines.filter((l) => l.startsWith(`[init -> runtime] child "cut" not started: `)).at(-1);
    // Nobody signed it: core never looks further.
    expect(refused(), s.run.lines.join("\n")).toBe(`[init -> runtime] child "cut" not started: cut: no signed provenance: core runs only binaries signed by a key it trusts (\`trust\` lists them)`);
    // With hello's provenance beside it, it is what it is: not the binary that was signed.
    await s.type("cp /stash/hello.wasm.intoto.jsonl /build/cut.wasm.intoto.jsonl\r");
    await s.type("restart cut\r");
    expect(refused()).toMatch(/not started: cut: sha256 [0-9a-f]{12}… does not match its signed provenance$/);
    expect((await psRow(s, "cut")).at(-1)).toBe("incomplete");
    expect((await psRow(s, "hello_server")).at(-1)).toBe("running");
    expect(s.run.sys.faults).toEqual([]);
  });

  it("`start` of a binary found nowhere says so at once and leaves the runtime's config as it was", async () => {
    const s = await boot(``);
    await s.type("start ghost\r");
    expect(s.rows().at(-2)).toBe(`start: ghost: no binary "ghost" in /build or the boot image`);
    await s.type("start other phantom\r");
    expect(s.rows().at(-2)).toBe(`start: other: no binary "phantom" in /build or the boot image`);
    await s.type("config\r");
    const rows = s.rows(), shown = rows.slice(rows.indexOf("/ $ config") + 1).join("\n");
    expect(shown).toContain("<config>");
    expect(shown).not.toContain("<start");
  });
});
