// DSSE envelopes (Dead Simple Signing Envelope v1): the PAE a signature covers, parsing and signing.
import { fromBase64, toBase64 } from "./encoding.ts";
import type { SigningKey } from "./keys.ts";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** What is wrong with a provenance: the message names it, the caller prefixes the binary. */
export class ProvenanceError extends Error {}

export interface Signature { keyid: string; sig: Uint8Array }
export interface Envelope { payloadType: string; payload: Uint8Array; signatures: Signature[] }

const encoder = new TextEncoder();

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** The largest envelope read: a provenance lists sources, not their contents. */
export const ENVELOPE_LIMIT = 1 << 20;

/** An envelope as kept beside a binary (one JSON line); throws ProvenanceError naming what is wrong. */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length === 0) throw new ProvenanceError("its envelope is empty");
  if (bytes.length > ENVELOPE_LIMIT) throw new ProvenanceError(`its envelope is ${bytes.length} bytes, more than ${ENVELOPE_LIMIT}`);
  let doc: { payloadType?: unknown; payload?: unknown; signatures?: unknown };
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ProvenanceError(`its envelope is not JSON (${(e as Error).message}): truncated or malformed`);
  }
  if (typeof doc !== "object" || doc === null) throw new ProvenanceError("its envelope is not a JSON object");
  if (typeof doc.payloadType !== "string") throw new ProvenanceError("its envelope has no payloadType");
  if (typeof doc.payload !== "string") throw new ProvenanceError("its envelope has no payload");
  const payload = fromBase64(doc.payload);
  if (!payload) throw new ProvenanceError("its envelope's payload is not base64");
  if (!Array.isArray(doc.signatures) || doc.signatures.length === 0) throw new ProvenanceError("its envelope has no signatures");
  const signatures = doc.signatures.map((s: { keyid?: unknown; sig?: unknown }, i: number) => {
    const sig = typeof s?.sig === "string" ? fromBase64(s.sig) : null;
    if (!sig) throw new ProvenanceError(`its envelope's signature ${i + 1} is not base64`);
    return { keyid: typeof s.keyid === "string" ? s.keyid : "", sig };
  });
  return { payloadType: doc.payloadType, payload, signatures };
}

/** The envelope as one JSON line, as `NAME.wasm.intoto.jsonl` holds it. */
export function encodeEnvelope(env: Envelope): Uint8Array {
  const doc = {
    payloadType: env.payloadType,
    payload: toBase64(env.payload),
    signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: toBase64(s.sig) })),
  };
  return encoder.encode(JSON.stringify(doc) + "\n");
}

/** Signs an in-toto statement: the envelope's bytes. */
export async function signStatement(statement: Uint8Array, key: SigningKey): Promise<Uint8Array> {
  const sig = await key.sign(pae(IN_TOTO_PAYLOAD_TYPE, statement));
  return encodeEnvelope({ payloadType: IN_TOTO_PAYLOAD_TYPE, payload: statement, signatures: [{ keyid: key.keyid, sig }] });
}

/** The file beside a binary that holds its provenance. */
export function provenanceName(binary: string): string {
  return `${binary}.intoto.jsonl`;
}
