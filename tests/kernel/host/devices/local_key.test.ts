// The local signing key: kept by the storage device under core's own key once it first signs, the same key at the next boot; without storage, one per boot; a kept key that is not one is named.
import { describe, expect, it } from "vitest";
import { LOCAL_KEY, localKey } from "../../../../kernel/host/devices/local_key.ts";
import { MemoryStorage } from "../../../../kernel/host/devices/storage.ts";
import { IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope, signStatement } from "../../../../kernel/host/provenance/dsse.ts";

const statement = new TextEncoder().encode("{}");

describe("localKey", () => {
  it("is kept on its first signature and is the same key on the next boot", async () => {
    const storage = new MemoryStorage();
    const first = await localKey(storage);
    // Made, but nothing written until it signs.
    expect(storage.commits).toBe(0);
    const envelope = await signStatement(statement, first);
    expect(storage.commits).toBe(1);
    expect(storage.list().map((e) => e.key)).toEqual([LOCAL_KEY]);
    await first.sign(statement);
    expect(storage.commits).toBe(1);
    const again = await localKey(storage);
    expect(again.keyid).toBe(first.keyid);
    expect(again.publicKey).toEqual(first.publicKey);
    // Its signatures verify with the public key alone.
    const env = parseEnvelope(envelope);
    const pub = await crypto.subtle.importKey("raw", again.publicKey as Uint8Array<ArrayBuffer>, "Ed25519", false, ["verify"]);
    expect(await crypto.subtle.verify("Ed25519", pub, env.signatures[0]!.sig as Uint8Array<ArrayBuffer>, pae(IN_TOTO_PAYLOAD_TYPE, statement) as Uint8Array<ArrayBuffer>)).toBe(true);
    const second = await signStatement(statement, again);
    expect(new TextDecoder().decode(second)).toContain(`"keyid":"${first.keyid}"`);
  });

  it("without a storage device, is a new key at each boot", async () => {
    const a = await localKey(null), b = await localKey(null);
    expect(a.keyid).not.toBe(b.keyid);
    expect((await a.sign(statement)).length).toBe(64);
  });

  it("names a kept key it cannot read, and changes nothing", async () => {
    const storage = new MemoryStorage();
    storage.commit(new Map([[LOCAL_KEY, new TextEncoder().encode(`{"kty":"RSA"}`)]]));
    await expect(localKey(storage)).rejects.toThrow(`the local signing key kept in storage (${LOCAL_KEY}) cannot be read: not an Ed25519 private key (a JWK with kty OKP, crv Ed25519, x and d)`);
    expect(new TextDecoder().decode(storage.read(LOCAL_KEY)!)).toBe(`{"kty":"RSA"}`);
  });
});
