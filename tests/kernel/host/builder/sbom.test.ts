// The image's SBOM: valid CycloneDX 1.6, listing each binary with its sha256 and sources, and the npm packages with versions, licences and hashes.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { sha256 } from "../../../../kernel/host/builder/builder.ts";
import { makeSbom, serializeSbom } from "../../../../kernel/host/builder/sbom.ts";
import { imageSbomBytes, writeImageSbom } from "../../../../kernel/host/builder/sbom_image.ts";
import { readSbomInput, SbomError } from "../../../../kernel/host/builder/sbom_input.ts";
import { MemoryFiles } from "../../../../kernel/host/files.ts";
import { encodeEnvelope } from "../../../../kernel/host/provenance/dsse.ts";
import { NodeFiles } from "../../../../kernel/host/devices/node_files.ts";
import { imageDir, repoRoot } from "../../../support/paths.ts";

interface Cdx {
  specVersion: string;
  serialNumber?: string;
  metadata: { timestamp?: string; component: { name: string; version: string } };
  components: CdxComponent[];
}
interface CdxComponent {
  type: string; name: string; group?: string; version?: string; purl?: string; scope?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
  components?: CdxComponent[];
}

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const hash = (c: CdxComponent, alg: string) => c.hashes?.find((h) => h.alg === alg)?.content;

/** A Buffer's bytes as base64, for the lockfile's integrity and the envelope's payload. */
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const asIntegrity = new Uint8Array(64).map((_, i) => i);
const provenanceSource = "b2".repeat(32);

/** b.wasm's provenance (signed by nobody: the SBOM reads, verify checks), naming its sources and compiler. */
function provenance(subject: string): Uint8Array {
  const statement = { _type: "https://in-toto.io/Statement/v1", subject: [{ name: "b.wasm", digest: { sha256: subject } }], predicateType: "https://slsa.dev/provenance/v1",
    predicate: {
      buildDefinition: { buildType: "https://wasmode.dev/build/v1", externalParameters: { module: "b", profile: "release", flags: [] }, resolvedDependencies: [
        { uri: "pkg:npm/assemblyscript@0.28.20", digest: { sha512: hex(asIntegrity) } },
        { uri: "components/b/main.ts", digest: { sha256: provenanceSource } }] },
      runDetails: { builder: { id: "https://wasmode.dev/builder/node-build" }, metadata: { startedOn: "2026-12-07T12:00:00Z", finishedOn: "2026-12-07T12:00:01Z" } } } };
  return encodeEnvelope({ payloadType: "application/vnd.in-toto+json", payload: encoder.encode(JSON.stringify(statement)), signatures: [{ keyid: "00".repeat(32), sig: new Uint8Array(64) }] });
}

/** A small image: a.wasm with a build record, b.wasm with a provenance, a source package, and a lockfile. */
async function fixture(): Promise<MemoryFiles> {
  const files = new MemoryFiles();
  const a = encoder.encode("binary a"), b = encoder.encode("binary b"), tar = encoder.encode("tar");
  await files.write("build/image/a.wasm", a);
  await files.write("build/image/b.wasm", b);
  await files.write("build/image/src.tar", tar);
  const modules = [{ name: "a.wasm", size: a.length, sha256: await sha256(a) }, { name: "b.wasm", size: b.length, sha256: await sha256(b) }, { name: "src.tar", size: 3, sha256: await sha256(tar) }];
  await files.write("build/image/manifest.json", encoder.encode(JSON.stringify({ modules })));
  await files.write("build/cache/a.wasm.json", encoder.encode(JSON.stringify({ key: "k", output: await sha256(a), inputs: { "components/a/main.ts": "a1".repeat(32), "components/lib/log.ts": "a2".repeat(32) } })));
  // b's build record is of an older b; its provenance names the sources of this one.
  await files.write("build/cache/b.wasm.json", encoder.encode(JSON.stringify({ key: "k", output: "00".repeat(32), inputs: { "old.ts": "a3".repeat(32) } })));
  await files.write("build/image/b.wasm.intoto.jsonl", provenance(await sha256(b)));
  await files.write("package.json", encoder.encode(JSON.stringify({ name: "wasmode", version: "9.8.7", dependencies: { assemblyscript: "^0.28.20" }, devDependencies: { vitest: "^4" } })));
  await files.write("package-lock.json", encoder.encode(JSON.stringify({ name: "wasmode", version: "9.8.7", lockfileVersion: 3, packages: {
    "": { name: "wasmode", version: "9.8.7", dependencies: { assemblyscript: "^0.28.20" }, devDependencies: { vitest: "^4" } },
    "node_modules/assemblyscript": { version: "0.28.20", integrity: `sha512-${base64(asIntegrity)}`, license: "Apache-2.0", dependencies: { binaryen: "1" } },
    "node_modules/binaryen": { version: "123.0.0", integrity: `sha512-${base64(new Uint8Array(64).fill(7))}`, license: "Apache-2.0" },
    "node_modules/vitest": { version: "4.1.12", integrity: `sha512-${base64(new Uint8Array(64).fill(9))}`, dev: true },
    "node_modules/@scope/dual": { version: "1.0.0", license: "(MIT OR Apache-2.0)", dev: true },
  } })));
  // vitest's licence is not in the lockfile: its package.json says it.
  await files.write("node_modules/vitest/package.json", encoder.encode(JSON.stringify({ name: "vitest", license: "MIT" })));
  return files;
}

const places = { imageDir: "build/image", cacheDir: "build/cache" };

async function fixtureSbom(): Promise<{ text: string; bom: Cdx }> {
  const input = await readSbomInput(await fixture(), places);
  const text = serializeSbom(makeSbom(input, { timestamp: new Date("2026-12-07T12:00:00Z"), serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" }), 2);
  return { text, bom: JSON.parse(text) as Cdx };
}

const byName = (bom: Cdx, name: string) => bom.components.find((c) => c.name === name);

describe("the SBOM of a small image", () => {
  it("is valid CycloneDX 1.6", async () => {
    const { text, bom } = await fixtureSbom();
    expect(await validator.validate(text)).toBeNull();
    expect(bom.specVersion).toBe("1.6");
    expect(bom.metadata.component).toMatchObject({ name: "wasmode", version: "9.8.7" });
    expect(bom.metadata.timestamp).toBe("2026-12-07T12:00:00.000Z");
  });

  it("lists each binary with its sha256 and its sources: the build record's, or the provenance's where there is one", async () => {
    const { bom } = await fixtureSbom();
    const a = byName(bom, "a.wasm")!, b = byName(bom, "b.wasm")!;
    expect(hash(a, "SHA-256")).toBe(await sha256(encoder.encode("binary a")));
    expect(a.components!.map((f) => [f.type, f.name, hash(f, "SHA-256")])).toEqual([["file", "components/a/main.ts", "a1".repeat(32)], ["file", "components/lib/log.ts", "a2".repeat(32)]]);
    expect(b.components!.map((f) => [f.name, hash(f, "SHA-256")])).toEqual([["components/b/main.ts", provenanceSource]]);
    expect(b.properties).toContainEqual({ name: "wasmode:built-with", value: "pkg:npm/assemblyscript@0.28.20" });
    // The source package is data beside the binaries, not a binary.
    expect(byName(bom, "src.tar")).toBeUndefined();
  });

  it("falls back to the build record when the provenance is of another build of the binary, or damaged", async () => {
    for (const bad of [provenance("cd".repeat(32)), encoder.encode("{\"payloadType\": tru")]) {
      const files = await fixture();
      await files.write("build/cache/b.wasm.json", encoder.encode(JSON.stringify({ key: "k", output: await sha256(encoder.encode("binary b")), inputs: { "components/b/old.ts": "a3".repeat(32) } })));
      await files.write("build/image/b.wasm.intoto.jsonl", bad);
      const b = (await readSbomInput(files, places)).binaries.find((x) => x.name === "b.wasm")!;
      expect(b.sources).toEqual([{ uri: "components/b/old.ts", sha256: "a3".repeat(32) }]);
    }
  });

  it("lists the npm packages with purl, version, SHA-512 from the lockfile's integrity, licence, and run-time or build-only scope", async () => {
    const { bom } = await fixtureSbom();
    const as = byName(bom, "assemblyscript")!;
    expect(as).toMatchObject({ type: "library", version: "0.28.20", purl: "pkg:npm/assemblyscript@0.28.20", scope: "required" });
    expect(hash(as, "SHA-512")).toBe(hex(asIntegrity));
    expect(as.licenses).toEqual([{ license: { id: "Apache-2.0" } }]);
    // binaryen only comes with assemblyscript: needed at run time too.
    expect(byName(bom, "binaryen")!.scope).toBe("required");
    const vitest = byName(bom, "vitest")!;
    expect(vitest.scope).toBe("excluded");
    expect(vitest.properties).toContainEqual({ name: "cdx:npm:package:development", value: "true" });
    expect(vitest.licenses).toEqual([{ license: { id: "MIT" } }]);
    expect(byName(bom, "dual")).toMatchObject({ group: "@scope", purl: "pkg:npm/%40scope/dual@1.0.0", licenses: [{ expression: "(MIT OR Apache-2.0)" }] });
  });

  it("is the same text for the same image, but for timestamp and serial", async () => {
    const input = await readSbomInput(await fixture(), places);
    expect(serializeSbom(makeSbom(input))).toBe(serializeSbom(makeSbom(await readSbomInput(await fixture(), places))));
    const image = await imageSbomBytes(input);
    expect(Buffer.compare(Buffer.from(image), Buffer.from(await imageSbomBytes(input)))).toBe(0);
    const parsed = JSON.parse(new TextDecoder().decode(image)) as Cdx;
    expect(parsed.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parsed.metadata.timestamp).toBeUndefined();
    expect(await validator.validate(new TextDecoder().decode(image))).toBeNull();
  });

  it("fails validation when a hash is not hex (the validator does reject)", async () => {
    const { bom } = await fixtureSbom();
    byName(bom, "a.wasm")!.hashes![0]!.content = "not a hash";
    expect(await validator.validate(JSON.stringify(bom))).not.toBeNull();
  });

  it("goes into the image and its manifest", async () => {
    const files = await fixture();
    const manifest = JSON.parse(new TextDecoder().decode((await files.read("build/image/manifest.json"))!)) as { modules: { name: string }[] };
    const after = await writeImageSbom(files, places, manifest as never);
    const bytes = (await files.read("build/image/sbom.cdx.json"))!;
    expect(after.modules.map((m) => m.name)).toEqual(["a.wasm", "b.wasm", "sbom.cdx.json", "src.tar"]);
    expect(after.modules.find((m) => m.name === "sbom.cdx.json")!.sha256).toBe(await sha256(bytes));
    expect(byName(JSON.parse(new TextDecoder().decode(bytes)) as Cdx, "a.wasm")).toBeDefined();
  });

  it("says so when nothing is built, and writes nothing", async () => {
    const files = new MemoryFiles();
    await expect(readSbomInput(files, places)).rejects.toThrow(new SbomError("no boot image in build/image (run npm run build first)"));
    expect(files.entries.size).toBe(0);
  });
});

describe("the SBOM of the built image", () => {
  it("is valid, and lists every binary of the manifest with its sha256 and sources, and assemblyscript with version, SHA-512 and licence", async () => {
    const input = await readSbomInput(new NodeFiles(repoRoot), { imageDir: path.relative(repoRoot, imageDir), cacheDir: path.relative(repoRoot, path.join(imageDir, "../cache")) });
    const text = serializeSbom(makeSbom(input, { timestamp: new Date() }));
    expect(await validator.validate(text)).toBeNull();
    const bom = JSON.parse(text) as Cdx;
    const manifest = JSON.parse(readFileSync(path.join(imageDir, "manifest.json"), "utf8")) as { modules: { name: string; sha256: string }[] };
    const binaries = manifest.modules.filter((m) => m.name.endsWith(".wasm"));
    expect(binaries.length).toBeGreaterThanOrEqual(5);
    for (const m of binaries) {
      const c = byName(bom, m.name);
      expect(c, m.name).toBeDefined();
      expect(hash(c!, "SHA-256"), m.name).toBe(m.sha256);
      expect(c!.components!.length, m.name).toBeGreaterThan(0);
    }
    expect(byName(bom, "kernel.wasm")!.components!.map((f) => f.name)).toContain("kernel/abi.ts");
    const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string; integrity: string }> };
    const as = byName(bom, "assemblyscript")!;
    expect(as.version).toBe(lock.packages["node_modules/assemblyscript"]!.version);
    expect(hash(as, "SHA-512")).toBe(Buffer.from(lock.packages["node_modules/assemblyscript"]!.integrity.replace(/^sha512-/, ""), "base64").toString("hex"));
    expect(as.licenses).toEqual([{ license: { id: "Apache-2.0" } }]);
    expect(as.scope).toBe("required");
    expect(byName(bom, "vitest")!.scope).toBe("excluded");
  });
});
