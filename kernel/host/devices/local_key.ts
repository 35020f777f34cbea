// The user's local signing key inside the OS: kept by the storage device under a key of core's own, made on first use, never in the file system.
//
// The key is an Ed25519 JWK, exported once to be kept and then signed with through a WebCrypto key
// that cannot be exported. A new key is committed only when it first signs, so a system that never
// signs writes nothing; without a storage device each boot has a fresh key. Core's Storage service
// hides keys under CORE_KEY_PREFIX from every session (core/storage_service.ts).
import { generateKey, importKey, type PrivateJwk, type SigningKey } from "../provenance/keys.ts";
import { CORE_KEY_PREFIX, type Storage } from "./storage.ts";

/** Where the storage device keeps the local key (a JWK as JSON). */
export const LOCAL_KEY = `${CORE_KEY_PREFIX}local-key`;

/** The local key: the one `storage` keeps, else a new one (kept on its first signature). Throws naming what is wrong with a kept key that cannot be read. */
export async function localKey(storage: Storage | null): Promise<SigningKey> {
  const kept = storage?.read(LOCAL_KEY) ?? null;
  if (kept !== null) {
    try {
      return await importKey(JSON.parse(new TextDecoder().decode(kept)) as PrivateJwk);
    } catch (e) {
      throw new Error(`the local signing key kept in storage (${LOCAL_KEY}) cannot be read: ${(e as Error).message}`);
    }
  }
  const made = await generateKey();
  if (storage === null) return made.key;
  let jwk: PrivateJwk | null = made.jwk;
  return {
    keyid: made.key.keyid,
    publicKey: made.key.publicKey,
    async sign(data) {
      if (jwk !== null) {
        // Kept before its first signature: nothing it signed can outlive it. A storage that
        // cannot take it (full) fails the signature, and a later one tries again.
        storage.commit(new Map([[LOCAL_KEY, new TextEncoder().encode(JSON.stringify(jwk))]]));
        jwk = null;
      }
      return made.key.sign(data);
    },
  };
}
