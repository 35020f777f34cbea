// A binary's provenance verifies only when a trusted key signed an in-toto statement naming its sha256; each way it fails is named.
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../../components/lib/sha256.ts";
import { encodeEnvelope, parseEnvelope, signStatement } from "../../../../kernel/host/provenance/dsse.ts";
import { generateKey, trustedKey, type SigningKey } from "../../../../kernel/host/provenance/keys.ts";
import { BUILDER, makeStatement, statementBytes } from "../../../../kernel/host/provenance/statement.ts";
import { verifyAsync, verifySync } from "../../../../kernel/host/provenance/verify.ts";

const binary = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const sha = sha256Hex(binary);

function statement(sha256 = sha, name = "hello.wasm") {
  return statementBytes(makeStatement({
    binary: name, sha256, module: "hello", profile: "release", flags: ["-O3"], entries: ["components/hello/main.ts"],
    sources: new Map([["components/hello/main.ts", "ab".repeat(32)]]), toolchain: [{ name: "assemblyscript", version: "0.28.20", sha512: "cd".repeat(64) }],
    builder: BUILDER.nodeBuild, started: "2026-12-07T00:00:00Z", finished: "2026-12-07T00:00:01Z",
  }));
}

async function setup(): Promise<{ key: SigningKey; envelope: Uint8Array }> {
  const { key } = await generateKey();
  return { key, envelope: await signStatement(statement(), key) };
}

const both = async (name: string, sha256: string, env: Uint8Array, keys: ReturnType<typeof trustedKey>[]) => {
  const a = verifySync(name, sha256, env, keys), b = await verifyAsync(name, sha256, env, keys);
  // The two verifiers agree on every case.
  expect(typeof a === "string" ? a : a.key.keyid).toBe(typeof b === "string" ? b : b.key.keyid);
  return a;
};

describe("provenance verification", () => {
  it("accepts the binary its trusted signer named", async () => {
    const { key, envelope } = await setup();
    const v = await both("hello.wasm", sha, envelope, [trustedKey(key.publicKey, "release")]);
    expect(typeof v).toBe("object");
    if (typeof v === "string") return;
    expect(v.key.name).toBe("release");
    expect(v.statement.predicate.buildDefinition.externalParameters.module).toBe("hello");
  });

  it("names a tampered binary, an unknown key and a bad signature", async () => {
    const { key, envelope } = await setup();
    const trusted = [trustedKey(key.publicKey, "release")];
    const tampered = binary.slice();
    tampered[7] = 9;
    expect(await both("hello.wasm", sha256Hex(tampered), envelope, trusted)).toBe(`hello.wasm: sha256 ${sha256Hex(tampered).slice(0, 12)}… does not match its signed provenance`);
    const other = (await generateKey()).key;
    expect(await both("mine.wasm", sha, envelope, [trustedKey(other.publicKey, "release")])).toBe(`mine.wasm: signed by an untrusted key ${key.keyid.slice(0, 12)}…`);
    // The payload changed after signing: the signature no longer covers it.
    const env = parseEnvelope(envelope);
    const forged = encodeEnvelope({ ...env, payload: statement("00".repeat(32)) });
    expect(await both("hello.wasm", "00".repeat(32), forged, trusted)).toMatch(/^hello\.wasm: its signature does not verify with key [0-9a-f]{12}… \(release\)$/);
  });

  it("names a provenance for another binary, another payload type, a truncated or malformed envelope", async () => {
    const { key, envelope } = await setup();
    const trusted = [trustedKey(key.publicKey, "release")];
    const forOther = await signStatement(statement("11".repeat(32), "other.wasm"), key);
    expect(await both("hello.wasm", sha, forOther, trusted)).toMatch(/does not match its signed provenance/);
    const env = parseEnvelope(envelope);
    const sig = await key.sign(new TextEncoder().encode("x"));
    const otherType = encodeEnvelope({ payloadType: "text/plain", payload: env.payload, signatures: [{ keyid: key.keyid, sig }] });
    expect(await both("hello.wasm", sha, otherType, trusted)).toBe('hello.wasm: its envelope carries "text/plain", not application/vnd.in-toto+json');
    expect(await both("hello.wasm", sha, envelope.subarray(0, 100), trusted)).toMatch(/^hello\.wasm: its envelope is not JSON .*truncated or malformed$/);
    expect(await both("hello.wasm", sha, new TextEncoder().encode('{"payloadType":"application/vnd.in-toto+json","payload":"%%","signatures":[]}'), trusted))
      .toBe("hello.wasm: its envelope's payload is not base64");
    expect(await both("hello.wasm", sha, new Uint8Array(0), trusted)).toBe("hello.wasm: its envelope is empty");
  });

  it("refuses a signed payload that is not a provenance statement", async () => {
    const { key } = await setup();
    const env = await signStatement(new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1","subject":[]}'), key);
    expect(await both("hello.wasm", sha, env, [trustedKey(key.publicKey, "release")])).toMatch(/^hello\.wasm: its statement has predicateType/);
  });
});
