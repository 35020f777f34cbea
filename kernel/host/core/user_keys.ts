// The keys the person at the terminal added to those core trusts: kept by the storage device, outside every file system.
import type { Storage } from "../devices/storage.ts";
import { encodeTrustedKeys, parseTrustedKeys, type TrustedKey } from "../provenance/keys.ts";

/** Its key in the storage device: `_core.` keys are hidden from Storage sessions (the fs never sees them). */
export const USER_KEYS = "_core.trusted-keys";

/** The user's keys; none without a storage device or before the first is added. Throws naming a damaged record. */
export function loadUserKeys(storage: Storage | null | undefined): TrustedKey[] {
  const bytes = storage?.read(USER_KEYS);
  if (!bytes) return [];
  return parseTrustedKeys(new TextDecoder().decode(bytes), `the storage's ${USER_KEYS}`);
}

/** Keeps the user's keys (atomically, as every commit of the device is). */
export function saveUserKeys(storage: Storage, keys: readonly TrustedKey[]): void {
  storage.commit(new Map([[USER_KEYS, keys.length ? new TextEncoder().encode(encodeTrustedKeys(keys)) : null]]));
}
