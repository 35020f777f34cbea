// Core's check before any binary runs: its signed provenance verifies with a key core trusts, or the host vouched for it.
//
// Binaries are known by sha256: the image's are verified once at boot (all at once, through
// WebCrypto), a binary core's Signer signed is trusted as it signs it, and any other is verified
// when it first arrives with its envelope, inside the syscall that starts or swaps it.
import { parseEnvelope, provenanceName } from "../provenance/dsse.ts";
import { short } from "../provenance/encoding.ts";
import type { TrustedKey } from "../provenance/keys.ts";
import { type Statement, parseStatement } from "../provenance/statement.ts";
import { checkSync, verifyAsync } from "../provenance/verify.ts";
import { sha256Of, sha256OfAsync } from "./rom_dataspace.ts";

/** Which builder the signed statement names, as `, built by ID` (what tells a page build from a Node one). */
function builtBy(s: Statement): string {
  const id = s.predicate?.runDetails?.builder?.id;
  return typeof id === "string" && id.length > 0 ? `, built by ${id}` : "";
}

/** A module of the image starts with Wasm's magic; the others (configs, envelopes, the source package) are data. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/** Why a binary may run: the key that signed it, or "vouched" (the host's own boot modules, `--unsigned`). */
interface Reason { keyid: string; why: string }

export class BinaryTrust {
  private readonly trusted = new Map<string, Reason>();

  /** `keys`: the image's and the user's trusted keys, and core's local key. */
  constructor(private keys: TrustedKey[]) {}

  get trustedKeys(): readonly TrustedKey[] { return this.keys; }

  /**
   * Verifies every binary among the boot modules against its `NAME.intoto.jsonl`; `unsigned`
   * names the modules allowed without one. Returns a line for each refused: it stays in the
   * image, and every start of it is refused with the same reason.
   */
  async verifyImage(roms: ReadonlyMap<string, Uint8Array>, unsigned: ReadonlySet<string> = new Set()): Promise<string[]> {
    const binaries = [...roms].filter(([, bytes]) => isBinary(bytes));
    const checks = binaries.map(async ([name, bytes]) => {
      const sha = await sha256OfAsync(bytes);
      if (unsigned.has(name)) {
        this.trusted.set(sha, { keyid: "", why: "allowed unsigned" });
        return;
      }
      const envelope = roms.get(provenanceName(name));
      if (!envelope) return;
      const v = await verifyAsync(name, sha, envelope, this.keys);
      if (typeof v === "string") return v;
      this.trusted.set(sha, { keyid: v.key.keyid, why: `signed by ${v.key.name} key ${short(v.key.keyid)}${builtBy(v.statement)}` });
    });
    const refused = (await Promise.all(checks)).filter((line): line is string => line !== undefined);
    // One without its own provenance passes when it is the bytes of one verified (a copy under another name).
    for (const [name, bytes] of binaries) {
      if (!roms.has(provenanceName(name)) && !this.trusted.has(sha256Of(bytes))) refused.push(`${name}: no signed provenance (${provenanceName(name)})`);
    }
    return refused;
  }

  /** The host vouches for these binaries (a boot without a trust policy: a test's own modules). */
  async vouch(roms: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const binaries = [...roms.values()].filter(isBinary);
    for (const sha of await Promise.all(binaries.map(sha256OfAsync))) this.trusted.set(sha, { keyid: "", why: "vouched for by the host" });
  }

  /** Core's Signer signed `sha256` (the envelope it made): trusted from now on. */
  signedHere(sha256: string, envelope: Uint8Array): void {
    const env = parseEnvelope(envelope);
    const keyid = env.signatures[0]!.keyid;
    this.trusted.set(sha256, { keyid, why: `signed here by key ${short(keyid)}${builtBy(parseStatement(env.payload))}` });
  }

  /**
   * Null when `bytes` may run, else why not (without the binary's name: LoadError adds it).
   * `envelope`: its provenance as it came with it, if it did.
   */
  check(bytes: Uint8Array, envelope: Uint8Array | null | undefined): string | null {
    const sha = sha256Of(bytes);
    if (this.trusted.has(sha)) return null;
    if (!envelope) return "no signed provenance: core runs only binaries signed by a key it trusts (`trust` lists them)";
    const v = checkSync(sha, envelope, this.keys);
    if (typeof v === "string") return v;
    this.trusted.set(sha, { keyid: v.key.keyid, why: `signed by ${v.key.name} key ${short(v.key.keyid)}${builtBy(v.statement)}` });
    return null;
  }

  /** Why the binary of `sha256` runs, for `verify` and `ps`; undefined when it never passed. */
  reason(sha256: string): string | undefined { return this.trusted.get(sha256)?.why; }

  addKey(key: TrustedKey): void {
    if (!this.keys.some((k) => k.keyid === key.keyid)) this.keys = [...this.keys, key];
  }

  /** A key no longer trusted: binaries it vouched for are checked again at their next start. */
  removeKey(keyid: string): boolean {
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.keyid !== keyid);
    for (const [sha, r] of this.trusted) if (r.keyid === keyid) this.trusted.delete(sha);
    return this.keys.length < before;
  }
}
