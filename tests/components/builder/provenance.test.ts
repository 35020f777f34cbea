// A build inside Wasmode signs its provenance with the local key core holds: the envelope beside the binary verifies, lists every source and the toolchain; the key outlives a reboot and never enters a component; without a Signer, built but unsigned.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Component } from "../../../kernel/host/component.ts";
import { toolchainOf } from "../../../kernel/host/builder/toolchain.ts";
import { LOCAL_KEY } from "../../../kernel/host/devices/local_key.ts";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { MemoryStorage } from "../../../kernel/host/devices/storage.ts";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope } from "../../../kernel/host/provenance/dsse.ts";
import { fromBase64Url } from "../../../kernel/host/provenance/encoding.ts";
import { keyId, type PrivateJwk, trustedKey } from "../../../kernel/host/provenance/keys.ts";
import { BUILDER } from "../../../kernel/host/provenance/statement.ts";
import { verifyAsync } from "../../../kernel/host/provenance/verify.ts";
import { sha256Hex } from "../../../components/lib/sha256.ts";
import { repoRoot } from "../../support/paths.ts";
import { Screen } from "../../shell/screen.ts";
import { bootWithCompiler, defaultSystem, run } from "./build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The blobs the fs component keeps that are a provenance envelope, or a binary of this sha256. */
function storedEnvelope(storage: MemoryStorage): Uint8Array {
  const found = storage.list().map((e) => storage.read(e.key)!).filter((b) => text(b.subarray(0, 64)).startsWith(`{"payloadType":"${IN_TOTO_PAYLOAD_TYPE}"`));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function storedBinary(storage: MemoryStorage, sha256: string): Uint8Array {
  const found = storage.list().map((e) => storage.read(e.key)!).find((b) => b[0] === 0 && b[1] === 0x61 && sha256Hex(b) === sha256);
  expect(found, `a stored binary of sha256 ${sha256}`).toBeDefined();
  return found!;
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]!;
  for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

function memories(s: Screen): Uint8Array[] {
  return s.run.sys.servers.filter((x): x is Component => x instanceof Component).map((c) => new Uint8Array(c.memory.buffer));
}

describe("the builder's signed provenance", () => {
  it("writes an envelope beside the binary that verifies with the local key, listing every source and the toolchain; the key survives a reboot", async () => {
    const storage = new MemoryStorage();
    const s = await bootWithCompiler(compiler, 160, 60, storage);
    // A hello of its own: not the image's bytes, so only its signature lets it run.
    await run(s, `echo "import { log } from '../lib/log.ts'; log('Signed hello');" > /src/components/hello/main.ts`);
    const built = await run(s, "build hello");
    const key = s.run.core.signer!;
    expect(built.at(-2)).toMatch(new RegExp(`^\\[1/1\\] hello\\.wasm: \\d+ bytes, sha256 [0-9a-f]{12}, \\d+ ms -> /build/hello\\.wasm, signed \\(key ${key.keyid.slice(0, 8)}\\)$`));
    expect(built.at(-1)).toBe("build: 1 built");
    // The local key was kept on its first signature, as a JWK under core's own key.
    const jwk = JSON.parse(text(storage.read(LOCAL_KEY)!)) as PrivateJwk;
    const publicKey = fromBase64Url(jwk.x)!;
    expect(keyId(publicKey)).toBe(key.keyid);

    const record = JSON.parse((await run(s, "cat /build/hello.json")).join("\n")) as { inputs: Record<string, string>; output: { sha256: string } };
    const envelope = storedEnvelope(storage);
    const binary = storedBinary(storage, record.output.sha256);
    const verified = await verifyAsync("hello.wasm", sha256Hex(binary), envelope, [trustedKey(publicKey, "local")]);
    if (typeof verified === "string") throw new Error(verified);
    const st = verified.statement;
    expect(st.subject).toEqual([{ name: "hello.wasm", digest: { sha256: record.output.sha256 } }]);
    expect(st.predicate.runDetails.builder.id).toBe(BUILDER.osNode);
    expect(st.predicate.runDetails.metadata.startedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(st.predicate.runDetails.metadata.finishedOn)).toBeGreaterThanOrEqual(Date.parse(st.predicate.runDetails.metadata.startedOn));
    const def = st.predicate.buildDefinition;
    expect(def.buildType).toBe("https://wasmode.dev/build/v1");
    expect(def.externalParameters).toEqual({ module: "hello", profile: "release", flags: ["--runtime", "incremental", "--importMemory", "--exportStart", "_start", "-O3"] });
    expect(def.internalParameters).toEqual({ entries: ["components/lib/exports.ts", "components/hello/main.ts"] });
    // Every source the build read, with its sha256 (as the build record has them), sorted; then the compiler packages of package-lock.json.
    const sources = Object.entries(record.inputs).sort(([a], [b]) => (a < b ? -1 : 1)).map(([uri, sha256]) => ({ uri, digest: { sha256 } }));
    expect(sources.length).toBeGreaterThan(3);
    const lock = toolchainOf(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
    expect(lock.map((t) => t.name)).toEqual(["assemblyscript", "binaryen"]);
    expect(def.resolvedDependencies).toEqual([...sources, ...lock.map((t) => ({ uri: `pkg:npm/${t.name}@${t.version}`, digest: { sha512: t.sha512 } }))]);
    expect(lock[0]!.sha512).toMatch(/^[0-9a-f]{128}$/);
    expect(parseEnvelope(envelope).signatures.map((g) => g.keyid)).toEqual([key.keyid]);

    // The private key is in no component's memory: neither its bytes nor its text.
    const d = fromBase64Url(jwk.d)!;
    for (const m of memories(s)) {
      expect(contains(m, d)).toBe(false);
      expect(contains(m, new TextEncoder().encode(jwk.d))).toBe(false);
    }
    expect(s.run.sys.faults).toEqual([]);

    // The next boot on the same storage signs with the same key; the signed binary is up to date.
    s.run.halt();
    const again = await bootWithCompiler(compiler, 160, 60, storage);
    expect(again.run.core.signer!.keyid).toBe(key.keyid);
    expect(await run(again, "build hello")).toEqual(["[1/1] hello.wasm: up to date", "build: 1 up to date"]);
    // Core trusts its local key: the binary it signed before the reboot runs.
    await run(again, "start hello");
    expect(again.run.lines).toContain("[init -> runtime -> hello] Signed hello");
    expect(again.run.sys.faults).toEqual([]);
  }, 120_000);

  it("without a route to the Signer, builds but leaves the binary unsigned, saying why", async () => {
    const storage = new MemoryStorage();
    const s = new Screen(storage, 160, 60);
    s.compiler = compiler;
    await s.boot(defaultSystem.replace(`<service name="Signer"> <parent/> </service>`, ""));
    const built = await run(s, "build hello");
    expect(built.at(-2)).toMatch(/^\[1\/1\] hello\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello\.wasm, unsigned: no Signer session \(error -12\)$/);
    expect(built.at(-1)).toBe("build: 1 built, 1 unsigned");
    expect((await run(s, "ls /build")).join(" ")).not.toContain("intoto");
    // No signature made, no key kept.
    expect(storage.read(LOCAL_KEY)).toBeNull();
  }, 120_000);
});
