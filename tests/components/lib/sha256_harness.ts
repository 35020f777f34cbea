// Exports for sha256.test.ts: the SDK's SHA-256 over a string's UTF-8 bytes, whole or fed in pieces.
import { Sha256, sha256Hex } from "../../../components/lib/sha256";

export function hashText(text: string): string {
  return sha256Hex(Uint8Array.wrap(String.UTF8.encode(text)));
}

/** The same bytes fed `piece` at a time: the hash must not depend on how the input was cut. */
export function hashTextInPieces(text: string, piece: i32): string {
  const bytes = Uint8Array.wrap(String.UTF8.encode(text));
  const h = new Sha256();
  for (let i = 0; i < bytes.length; i += piece) h.update(bytes.subarray(i, min(i + piece, bytes.length)));
  return h.hex();
}
