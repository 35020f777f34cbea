// Checks a binary's provenance: the envelope's signature by a trusted key over the PAE, then the statement's subject digest.
//
// Two verifiers, one set of checks: core verifies inside a syscall, which cannot wait, so it
// verifies Ed25519 synchronously (@noble/curves); the boot image is verified before anything
// runs, all modules at once, through WebCrypto (asynchronous, and several times faster).
import { ed25519 } from "@noble/curves/ed25519.js";
import { IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope, ProvenanceError, type Envelope } from "./dsse.ts";
import { short } from "./encoding.ts";
import type { TrustedKey } from "./keys.ts";
import { parseStatement, type Statement } from "./statement.ts";

/** A provenance that holds: who signed it, and what it says. */
export interface Verified { key: TrustedKey; statement: Statement }

/** What to check a signature with: the message and key are given, the answer is whether it verifies. */
interface Pending { envelope: Envelope; message: Uint8Array; sig: Uint8Array; key: TrustedKey }

/** The checks before the signature's: the envelope parses, carries in-toto, and one signature is by a trusted key. */
function prepare(envelope: Uint8Array, trusted: readonly TrustedKey[]): Pending {
  const env = parseEnvelope(envelope);
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new ProvenanceError(`its envelope carries ${JSON.stringify(env.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`);
  for (const s of env.signatures) {
    const key = trusted.find((k) => k.keyid === s.keyid);
    if (key) return { envelope: env, message: pae(env.payloadType, env.payload), sig: s.sig, key };
  }
  throw new ProvenanceError(`signed by an untrusted key ${short(env.signatures[0]!.keyid) || "(unnamed)"}`);
}

/** The checks after the signature verified: the statement names this binary's digest. */
function finish(p: Pending, sha256: string): Verified {
  const statement = parseStatement(p.envelope.payload);
  if (!statement.subject.some((s) => s.digest.sha256 === sha256)) throw new ProvenanceError(`sha256 ${short(sha256)} does not match its signed provenance`);
  return { key: p.key, statement };
}

function reason(e: unknown): string {
  if (e instanceof ProvenanceError) return e.message;
  throw e;
}

const badSignature = (p: Pending) => new ProvenanceError(`its signature does not verify with key ${short(p.key.keyid)} (${p.key.name})`);

/** Verifies synchronously: the Verified provenance, or a line naming `binary` and what is wrong. */
export function verifySync(binary: string, sha256: string, envelope: Uint8Array, trusted: readonly TrustedKey[]): Verified | string {
  const v = checkSync(sha256, envelope, trusted);
  return typeof v === "string" ? `${binary}: ${v}` : v;
}

/** As verifySync, the reason without the binary's name (core's LoadError adds it). */
export function checkSync(sha256: string, envelope: Uint8Array, trusted: readonly TrustedKey[]): Verified | string {
  try {
    const p = prepare(envelope, trusted);
    let ok = false;
    try { ok = p.sig.length === 64 && ed25519.verify(p.sig, p.message, p.key.publicKey); } catch { ok = false; }
    if (!ok) throw badSignature(p);
    return finish(p, sha256);
  } catch (e) {
    return reason(e);
  }
}

const imported = new Map<string, Promise<CryptoKey>>();

function webKey(key: TrustedKey): Promise<CryptoKey> {
  let k = imported.get(key.keyid);
  if (!k) imported.set(key.keyid, (k = crypto.subtle.importKey("raw", key.publicKey as Uint8Array<ArrayBuffer>, "Ed25519", false, ["verify"])));
  return k;
}

/** Verifies through WebCrypto: as verifySync, for many at once. */
export async function verifyAsync(binary: string, sha256: string, envelope: Uint8Array, trusted: readonly TrustedKey[]): Promise<Verified | string> {
  try {
    const p = prepare(envelope, trusted);
    const ok = p.sig.length === 64 && await crypto.subtle.verify("Ed25519", await webKey(p.key), p.sig as Uint8Array<ArrayBuffer>, p.message as Uint8Array<ArrayBuffer>);
    if (!ok) throw badSignature(p);
    return finish(p, sha256);
  } catch (e) {
    return `${binary}: ${reason(e)}`;
  }
}
