// The shell's sbom: a summary of the boot image's bill of materials, and one clear line for a ROM that is none.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { imageDir } from "../support/paths.ts";
import { Screen, system } from "./screen.ts";

interface Cdx { serialNumber: string; components: { name: string; purl?: string; scope?: string; licenses?: { license?: { id?: string } }[]; components?: unknown[] }[] }

/**
 * Runs `sbom` in the scripted mode with `roms` replacing the image's: the output's lines and the
 * shell's exit status. The shell has the RAM it has in the default system (6M).
 */
async function sbom(roms: Record<string, Uint8Array> = {}, command = "sbom"): Promise<{ lines: string[]; status: string | undefined }> {
  const s = await new Screen(undefined, 200, 40).boot(system(`command="${command}"`).replace(`<start name="shell">`, `<start name="shell" ram="6M" fuel="268435456">`), roms);
  expect(s.run.sys.faults).toEqual([]);
  const status = s.run.lines.find((l) => l.startsWith(`[init] child "shell" exited`));
  return { lines: s.device.text().split("\r\n").filter((l) => l !== ""), status };
}

const encoder = new TextEncoder();

describe("sbom in the shell", () => {
  it("summarizes the image's SBOM: spec and serial, each binary with short sha256 and sources, npm packages by scope, licences", async () => {
    const bom = JSON.parse(readFileSync(path.join(imageDir, "sbom.cdx.json"), "utf8")) as Cdx;
    const manifest = JSON.parse(readFileSync(path.join(imageDir, "manifest.json"), "utf8")) as { modules: { name: string; sha256: string }[] };
    const { lines, status } = await sbom();
    expect(status).toBe(`[init] child "shell" exited with exit value 0`);
    expect(lines[0]).toBe(`CycloneDX 1.6 ${bom.serialNumber}`);
    const binaries = manifest.modules.filter((m) => m.name.endsWith(".wasm"));
    expect(lines[1]).toBe(`${binaries.length} component binaries:`);
    const kernel = bom.components.find((c) => c.name === "kernel.wasm")!;
    expect(lines).toContain(`  kernel.wasm         ${binaries.find((m) => m.name === "kernel.wasm")!.sha256.slice(0, 12)}  ${kernel.components!.length} sources`);
    const npm = bom.components.filter((c) => c.purl?.startsWith("pkg:npm/"));
    const buildOnly = npm.filter((c) => c.scope === "excluded").length;
    expect(npm.map((c) => c.name)).toContain("assemblyscript");
    expect(lines).toContain(`${npm.length} npm packages: ${npm.length - buildOnly} at run time, ${buildOnly} build only`);
    const apache = npm.filter((c) => c.licenses?.some((l) => l.license?.id === "Apache-2.0")).length;
    expect(apache).toBeGreaterThan(0);
    expect(lines.slice(lines.indexOf("licences:"))).toContain(`  Apache-2.0          ${apache}`);
  });

  it("answers a ROM that is no CycloneDX JSON with one clear line, and status 1", async () => {
    const cases: [string, Uint8Array, string][] = [
      ["cut short", encoder.encode(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"x`), "a string that never ends at byte 67"],
      ["unbalanced", encoder.encode(`{"bomFormat":"CycloneDX","specVersion":"1.6"]}`), "a bracket that closes nothing open at byte 44"],
      ["no BOM", encoder.encode(`{"hello":"world"}`), `no bomFormat "CycloneDX" with a specVersion`],
      ["nested deep", encoder.encode("[".repeat(100_000)), "nested deeper than 64 at byte 64"],
      ["binary", new Uint8Array(1000).map((_, i) => (i * 7) & 0x1f), `no bomFormat "CycloneDX" with a specVersion`],
    ];
    for (const [what, bytes, why] of cases) {
      const { lines, status } = await sbom({ "sbom.cdx.json": bytes });
      expect(lines, what).toEqual([`sbom: sbom.cdx.json: not a CycloneDX JSON (${why})`]);
      expect(status, what).toBe(`[init] child "shell" exited with exit value 1`);
    }
  });

  it("summarizes a BOM near its limit, refuses a ROM past it, and takes no arguments", async () => {
    // The image's BOM with its components four times over: about 0.9 MB of dense JSON.
    const bom = JSON.parse(readFileSync(path.join(imageDir, "sbom.cdx.json"), "utf8")) as Cdx;
    const dense = encoder.encode(JSON.stringify({ ...bom, components: [1, 2, 3, 4].flatMap(() => bom.components) }));
    expect(dense.length).toBeLessThan(1 << 20);
    expect((await sbom({ "sbom.cdx.json": dense })).lines).toContain(`${bom.components.filter((c) => !c.purl).length * 4} component binaries:`);
    // The costliest kind of scan: a value of interest every few bytes.
    const names = encoder.encode(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{${`"name":"x",`.repeat(90_000)}"purl":"pkg:npm/x@1"}]}`);
    expect(names.length).toBeLessThan(1 << 20);
    expect((await sbom({ "sbom.cdx.json": names })).lines).toContain("1 npm packages: 1 at run time, 0 build only");
    const huge = await sbom({ "sbom.cdx.json": new Uint8Array((1 << 20) + 1).fill(0x20) });
    expect(huge.lines).toEqual([`sbom: sbom.cdx.json: too large to summarize (${(1 << 20) + 1} bytes, at most ${1 << 20})`]);
    expect((await sbom({}, "sbom all")).lines).toEqual(["sbom: takes no arguments (sbom)"]);
  });
});
