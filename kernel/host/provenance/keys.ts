// Ed25519 keys for provenance: signing keys through WebCrypto, and the public keys an image or a user trusts.
import { sha256Hex } from "../../../components/lib/sha256.ts";
import { fromBase64, fromBase64Url, toBase64 } from "./encoding.ts";

/** A key that signs: its private half stays inside WebCrypto (or the device that holds it). */
export interface SigningKey {
  /** Lowercase hex sha256 of the raw 32-byte public key: how envelopes and `trust` name it. */
  readonly keyid: string;
  readonly publicKey: Uint8Array;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A public key whose signatures core accepts, with the name people know it by (`release`, `local`, or a user's). */
export interface TrustedKey {
  readonly keyid: string;
  readonly publicKey: Uint8Array;
  readonly name: string;
}

export function keyId(publicKey: Uint8Array): string {
  return sha256Hex(publicKey);
}

export function trustedKey(publicKey: Uint8Array, name: string): TrustedKey {
  return { keyid: keyId(publicKey), publicKey, name };
}

/** A JWK of an Ed25519 private key (OKP, crv Ed25519, with d and x). */
export interface PrivateJwk { kty: "OKP"; crv: "Ed25519"; x: string; d: string }

function wrap(privateKey: CryptoKey, publicKey: Uint8Array): SigningKey {
  return {
    keyid: keyId(publicKey),
    publicKey,
    sign: async (data) => new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, data as Uint8Array<ArrayBuffer>)),
  };
}

/** A new key: the signer, and its JWK to keep (the only time the private half leaves WebCrypto). */
export async function generateKey(): Promise<{ key: SigningKey; jwk: PrivateJwk }> {
  const pair = (await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as PrivateJwk;
  // Signing from here on uses a key that cannot be exported again.
  return { key: await importKey(jwk), jwk: { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d } };
}

/** The signer of a kept JWK; throws naming what is wrong with it. */
export async function importKey(jwk: PrivateJwk): Promise<SigningKey> {
  if (jwk?.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || typeof jwk.d !== "string") {
    throw new Error("not an Ed25519 private key (a JWK with kty OKP, crv Ed25519, x and d)");
  }
  const publicKey = fromBase64Url(jwk.x);
  if (!publicKey || publicKey.length !== 32) throw new Error("its public half (x) is not 32 bytes of base64url");
  const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d }, "Ed25519", false, ["sign"]);
  return wrap(key, publicKey);
}

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows. */
const SPKI_PREFIX = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** The public key as PEM (SubjectPublicKeyInfo): what openssl reads with `-pubin`. */
export function publicKeyPem(publicKey: Uint8Array): string {
  const der = new Uint8Array(SPKI_PREFIX.length + publicKey.length);
  der.set(SPKI_PREFIX);
  der.set(publicKey, SPKI_PREFIX.length);
  const b64 = toBase64(der);
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

/** The raw key of a PEM, base64 or hex Ed25519 public key (what `trust add` accepts); throws naming what is wrong. */
export function parsePublicKey(text: string): Uint8Array {
  const t = text.trim();
  let bytes: Uint8Array | null = null;
  if (t.startsWith("-----BEGIN PUBLIC KEY-----")) {
    bytes = fromBase64(t.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, ""));
    if (!bytes || bytes.length !== 44 || SPKI_PREFIX.some((b, i) => bytes![i] !== b)) throw new Error("not an Ed25519 public key (PEM of another kind of key)");
    return bytes.slice(SPKI_PREFIX.length);
  }
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Uint8Array.from(t.match(/../g)!.map((h) => parseInt(h, 16)));
  bytes = fromBase64(t);
  if (bytes && bytes.length === 32) return bytes;
  throw new Error("not an Ed25519 public key: give its PEM, or its 32 bytes as 64 hex digits or base64");
}

/** trusted_keys.json: the keys an image trusts, `{"keys":[{"name","keyid","publicKey"(base64)}]}`. */
export function encodeTrustedKeys(keys: readonly TrustedKey[]): string {
  return JSON.stringify({ keys: keys.map((k) => ({ name: k.name, keyid: k.keyid, publicKey: toBase64(k.publicKey) })) }, null, 2) + "\n";
}

/** The keys of a trusted_keys.json; throws naming the entry that is wrong (a keyid that is not its key's, say). */
export function parseTrustedKeys(text: string, what = "trusted_keys.json"): TrustedKey[] {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) { throw new Error(`${what}: not JSON (${(e as Error).message})`); }
  const list = (doc as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error(`${what}: no "keys" list`);
  return list.map((entry: { name?: unknown; keyid?: unknown; publicKey?: unknown }, i) => {
    const raw = typeof entry?.publicKey === "string" ? fromBase64(entry.publicKey) : null;
    if (!raw || raw.length !== 32) throw new Error(`${what}: key ${i + 1} has no 32-byte base64 publicKey`);
    const key = trustedKey(raw, typeof entry.name === "string" ? entry.name : `key ${i + 1}`);
    if (entry.keyid !== undefined && entry.keyid !== key.keyid) throw new Error(`${what}: key ${i + 1}'s keyid is not the sha256 of its key`);
    return key;
  });
}
