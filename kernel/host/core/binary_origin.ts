// What core can say of a binary for `verify`: the digest its image provenance signed, by whom, and every component running it, with why core let it run.
import { short } from "../provenance/encoding.ts";
import { checkSync } from "../provenance/verify.ts";
import type { Core } from "./core.ts";
import { sha256Of } from "./rom_dataspace.ts";

export interface RunningBinary { label: string; sha256: string; why: string }

export interface BinaryOrigin {
  /** The sha256 the image's provenance of it names ("" when the image holds none, or it does not hold). */
  signed: string;
  /** Who signed it and which builder, or why the provenance does not hold. */
  signer: string;
  running: RunningBinary[];
}

/** The binary's name as a parent starts it: `hello` for `hello.wasm`, either way. */
function base(name: string): string {
  return name.endsWith(".wasm") ? name.slice(0, -5) : name;
}

export function binaryOrigin(core: Core, name: string, most: number): BinaryOrigin {
  let signed = "", signer = "no signed provenance in the boot image";
  const envelope = core.provenanceOf(name), image = core.rom(name);
  if (envelope && image) {
    const v = checkSync(sha256Of(image), envelope, core.trust.trustedKeys);
    if (typeof v === "string") signer = v;
    else {
      signed = v.statement.subject[0]!.digest.sha256;
      signer = `signed by ${v.key.name} key ${short(v.key.keyid)}, built by ${v.statement.predicate.runDetails.builder.id}`;
    }
  }
  const running: RunningBinary[] = [];
  for (const [pd, b] of core.binaries) {
    if (running.length >= most || base(b.name) !== base(name) || !core.sys.server(pd)) continue;
    const sha = sha256Of(b.bytes);
    running.push({ label: core.labels.get(pd) ?? "?", sha256: sha, why: core.trust.reason(sha) ?? "not checked" });
  }
  return { signed, signer, running };
}
