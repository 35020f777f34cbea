// npm run sbom: writes build/sbom.cdx.json of the built image, or says in one line that nothing is built.
import { describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { sbomMain } from "../../bin/sbom.ts";
import { imageDir, repoRoot } from "../support/paths.ts";

describe("npm run sbom", () => {
  it("with nothing built: exit status 1 and one line saying to build first, and no SBOM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wasmode-sbom-"));
    const lines: string[] = [];
    expect(await sbomMain(dir, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual(["sbom: no boot image in build/image (run npm run build first)"]);
    expect(existsSync(path.join(dir, "build"))).toBe(false);
  });

  it("writes build/sbom.cdx.json of the image, with a timestamp and a fresh serial, and says what it holds", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wasmode-sbom-"));
    cpSync(imageDir, path.join(dir, "build/image"), { recursive: true });
    cpSync(path.join(imageDir, "../cache"), path.join(dir, "build/cache"), { recursive: true });
    for (const f of ["package.json", "package-lock.json"]) cpSync(path.join(repoRoot, f), path.join(dir, f));
    const lines: string[] = [];
    expect(await sbomMain(dir, (l) => lines.push(l))).toBe(0);
    const binaries = (JSON.parse(readFileSync(path.join(dir, "build/image/manifest.json"), "utf8")) as { modules: { name: string }[] }).modules.filter((m) => m.name.endsWith(".wasm")).length;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^sbom: build/sbom\\.cdx\\.json \\(${binaries} component binaries, \\d+ npm packages: \\d+ at run time, \\d+ build only\\)$`));
    const first = JSON.parse(readFileSync(path.join(dir, "build/sbom.cdx.json"), "utf8")) as { serialNumber: string; metadata: { timestamp: string } };
    expect(Date.now() - Date.parse(first.metadata.timestamp)).toBeLessThan(600_000);
    await sbomMain(dir, () => {});
    const second = JSON.parse(readFileSync(path.join(dir, "build/sbom.cdx.json"), "utf8")) as { serialNumber: string };
    expect(second.serialNumber).not.toBe(first.serialNumber);
  });
});
