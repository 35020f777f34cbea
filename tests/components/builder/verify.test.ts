// Reproducible: every module of the boot image, rebuilt inside Wasmode from the read-only /src, gives the image's bytes (verify).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import { repoRoot } from "../../support/paths.ts";
import { Screen } from "../../shell/screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const manifest = JSON.parse(readFileSync(path.join(repoRoot, "build/image/manifest.json"), "utf8")) as { modules: { name: string; sha256: string }[] };
const compiler = nodeCompiler();
afterAll(() => compiler.close());

describe("verify", () => {
  it("rebuilds every module of the image from the base and finds each identical to the boot image", async () => {
    const s = new Screen(new MemoryStorage(), 200, 100);
    s.compiler = compiler;
    await s.boot(defaultSystem);
    // An edit in /src does not count: verify builds from the base.
    await s.type(`echo '// changed' >> /src/components/hello/main.ts\r`);
    await s.type("clear\rverify\r");
    const said = s.device.text();
    const binaries = manifest.modules.filter((m) => m.name.endsWith(".wasm"));
    expect(binaries.length).toBeGreaterThan(15);
    for (const m of binaries) {
      const name = m.name.replace(/\.wasm$/, "");
      // Three agree: the rebuild inside, the Node build's binary, and the digest its signed provenance names.
      expect(said, name).toContain(`${name}: identical to the boot image (sha256 ${m.sha256})\r\n  provenance: names the same sha256; signed by release key `);
    }
    // And what runs is what was signed.
    expect(said).toMatch(/\n {2}running: init -> timer, the same bytes; signed by release key [0-9a-f]{12}…, built by https:\/\/wasmode\.dev\/builder\/node-build\r\n/);
    expect(said).toContain(`verify: ${binaries.length} built`);

    // A verify of some modules reports those, not every rebuild an earlier verify left.
    const before = s.device.text().length;
    await s.type("verify hello timer\r");
    const some = s.device.text().slice(before);
    expect(some).toMatch(/^hello: identical to the boot image/m);
    expect(some).toMatch(/^timer: identical to the boot image/m);
    expect(some).not.toMatch(/^(init|shell|kernel): /m);
    expect(s.run.sys.faults).toEqual([]);
  }, 600_000);
});
