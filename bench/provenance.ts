// What provenance costs: boot with every boot module's envelope verified against boot without, and signing one build's provenance.
import * as fs from "node:fs";
import * as path from "node:path";
import { boot, type BootTrust } from "../kernel/host/boot.ts";
import { imageTrust } from "../kernel/host/image.ts";
import { pae, parseEnvelope, signStatement, IN_TOTO_PAYLOAD_TYPE } from "../kernel/host/provenance/dsse.ts";
import { generateKey } from "../kernel/host/provenance/keys.ts";
import { BENCH_COMPONENTS, repoRoot } from "./image.ts";
import { alternate, gc, now, type Paired } from "./stats.ts";

const FIRST_LINE = "[init -> hello] Hello";

/** ms from boot() to hello's first line; the modules are fresh copies, so nothing of an earlier boot's hashing is reused. */
async function bootOnce(roms: Map<string, Uint8Array>, config: Uint8Array, trust: BootTrust | undefined): Promise<number> {
  const fresh = new Map([...roms].map(([name, bytes]) => [name, bytes.slice()]));
  gc();
  let seen = -1;
  const t0 = now();
  const { sys } = await boot({ roms: fresh, config, trust, console: { write: (l) => { if (seen < 0 && l === FIRST_LINE) seen = now(); } } });
  await sys.idle();
  if (seen < 0) throw new Error(`provenance bench: no "${FIRST_LINE}" line`);
  return seen - t0;
}

/** Boots of hello.xml verifying every boot module (value) alternating with boots trusting them unchecked (baseline). */
export async function benchVerifyBoot(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<Paired> {
  const config = fs.readFileSync(path.join(repoRoot, "examples/hello.xml"));
  // The bench's own components are not part of the image: allowed unsigned, as `run --unsigned` would.
  const trust = imageTrust(roms, [], new Set(BENCH_COMPONENTS.map((n) => `${n}.wasm`)));
  return alternate(reps, warmup, () => bootOnce(roms, config, trust), () => bootOnce(roms, config, undefined));
}

/** Signing hello's real provenance (PAE, Ed25519 through WebCrypto, the envelope; value) beside the bare signature of the same bytes (baseline). */
export async function benchSign(roms: Map<string, Uint8Array>, reps: number, warmup: number): Promise<Paired> {
  const envelope = roms.get("hello.wasm.intoto.jsonl");
  if (!envelope) throw new Error("provenance bench: the image has no hello.wasm.intoto.jsonl (an unsigned build?)");
  const statement = parseEnvelope(envelope).payload;
  const { key } = await generateKey();
  const message = pae(IN_TOTO_PAYLOAD_TYPE, statement);
  return alternate(reps, warmup, async () => {
    const t0 = now();
    await signStatement(statement, key);
    return now() - t0;
  }, async () => {
    const t0 = now();
    await key.sign(message);
    return now() - t0;
  });
}
