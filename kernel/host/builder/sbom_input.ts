// What the bill of materials is made from, read through Files: the image's manifest, each binary's provenance or build record, and package-lock.json.
import type { Files } from "../files.ts";
import { readText } from "../files.ts";
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope, provenanceName, ProvenanceError } from "../provenance/dsse.ts";
import { parseStatement, type Statement } from "../provenance/statement.ts";
import type { ManifestEntry } from "./builder.ts";
import type { SbomBinary, SbomInput, SbomPackage, SbomSource } from "./sbom.ts";

/** The image's SBOM, a module of the image like the binaries. */
export const SBOM_FILE = "sbom.cdx.json";

/** An SBOM asked of a folder with nothing built, or of an unreadable manifest: the message says which. */
export class SbomError extends Error {}

export interface SbomPlaces {
  imageDir: string;
  cacheDir: string;
  /** The folder of package.json, package-lock.json and node_modules; "" for the root of the Files. */
  root?: string;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try { return JSON.parse(text); } catch { return null; }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * The sources a binary's provenance names (its statement's resolvedDependencies), read with the
 * provenance library; null when the file is no provenance, or one of another build of the binary
 * (its subject's sha256 is not `sha256`): the build record serves then. It checks no signature:
 * that is verify's; the SBOM only says what the binary was built from.
 */
export function provenanceSources(bytes: Uint8Array, sha256: string): SbomSource[] | null {
  let statement: Statement;
  try {
    const envelope = parseEnvelope(bytes.subarray(0, bytes.indexOf(0x0a) < 0 ? bytes.length : bytes.indexOf(0x0a)));
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return null;
    statement = parseStatement(envelope.payload);
  } catch (e) {
    if (e instanceof ProvenanceError) return null;
    throw e;
  }
  if (!statement.subject.some((s) => s.digest.sha256 === sha256)) return null;
  return statement.predicate.buildDefinition.resolvedDependencies
    .filter((d) => typeof (d.uri ?? d.name) === "string")
    .map((d) => ({ uri: (d.uri ?? d.name)!, sha256: str(d.digest?.sha256), sha512: str(d.digest?.sha512) }))
    .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/** The sources of one binary: its provenance when there is one, else the build record when it is of this very binary. */
async function sourcesOf(files: Files, places: SbomPlaces, m: ManifestEntry): Promise<SbomSource[]> {
  const provenance = await files.read(`${places.imageDir}/${provenanceName(m.name)}`);
  const fromProvenance = provenance === null ? null : provenanceSources(provenance, m.sha256);
  if (fromProvenance !== null) return fromProvenance;
  const record = parse(await readText(files, `${places.cacheDir}/${m.name}.json`));
  // A record of an older build of it would name other sources: none is better than wrong ones.
  if (!isRecord(record) || record.output !== m.sha256 || !isRecord(record.inputs)) return [];
  return Object.entries(record.inputs).filter(([, h]) => typeof h === "string").map(([uri, h]) => ({ uri, sha256: h as string })).sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

/** The manifest's modules, or an SbomError saying that nothing is built there. */
export async function imageModules(files: Files, imageDir: string): Promise<ManifestEntry[]> {
  const text = await readText(files, `${imageDir}/manifest.json`);
  if (text === null) throw new SbomError(`no boot image in ${imageDir} (run npm run build first)`);
  const manifest = parse(text);
  if (!isRecord(manifest) || !Array.isArray(manifest.modules)) throw new SbomError(`${imageDir}/manifest.json: not a manifest (no "modules" list); run npm run build again`);
  return manifest.modules.filter((m): m is ManifestEntry => isRecord(m) && typeof m.name === "string" && typeof m.sha256 === "string" && typeof m.size === "number");
}

function licenseOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (isRecord(v)) return str(v.type); // the old form {"type": "MIT", "url": ...}
  return undefined;
}

/** package-lock.json's packages (lockfile v2/v3), each license from node_modules/X/package.json where the lockfile has none. */
async function lockPackages(files: Files, root: string, lock: Record<string, unknown>): Promise<SbomPackage[]> {
  const entries = isRecord(lock.packages) ? lock.packages : {};
  const out: SbomPackage[] = [];
  for (const [key, e] of Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const at = key.lastIndexOf("node_modules/");
    if (at < 0 || !isRecord(e) || e.link === true || typeof e.version !== "string") continue;
    let license = licenseOf(e.license);
    if (license === undefined) {
      const pkg = parse(await readText(files, `${root}${key}/package.json`));
      if (isRecord(pkg)) license = licenseOf(pkg.license);
    }
    out.push({
      name: str(e.name) ?? key.slice(at + "node_modules/".length),
      version: e.version,
      integrity: str(e.integrity),
      license,
      dev: e.dev === true || e.devOptional === true,
      optional: e.optional === true || e.devOptional === true,
      dependsOn: [e.dependencies, e.optionalDependencies, e.peerDependencies].flatMap((d) => (isRecord(d) ? Object.keys(d) : [])).sort(),
    });
  }
  return out;
}

/**
 * Everything the SBOM lists: the image's binaries (`modules`, else the manifest's; only the
 * .wasm ones: the rest of the image is data made from them) with their sources, and the npm
 * packages of package-lock.json (else of node_modules/.package-lock.json, npm's record of what
 * it installed, which is all there is beside an installed package or a copy of the sources).
 */
export async function readSbomInput(files: Files, places: SbomPlaces, modules?: ManifestEntry[]): Promise<SbomInput> {
  const root = places.root ? places.root.replace(/\/?$/, "/") : "";
  const all = modules ?? (await imageModules(files, places.imageDir));
  const binaries: SbomBinary[] = [];
  for (const m of [...all].filter((m) => m.name.endsWith(".wasm")).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    binaries.push({ name: m.name, size: m.size, sha256: m.sha256, sources: await sourcesOf(files, places, m) });
  }
  const lockText = (await readText(files, `${root}package-lock.json`)) ?? (await readText(files, `${root}node_modules/.package-lock.json`));
  const lock = parse(lockText);
  const lockRecord = isRecord(lock) ? lock : {};
  const pkg = parse(await readText(files, `${root}package.json`));
  const top = isRecord(pkg) ? pkg : isRecord(lockRecord.packages) && isRecord(lockRecord.packages[""]) ? lockRecord.packages[""] : lockRecord;
  const direct = [top.dependencies, top.devDependencies].flatMap((d) => (isRecord(d) ? Object.keys(d) : [])).sort();
  return {
    product: { name: str(top.name) ?? str(lockRecord.name) ?? "wasmode", version: str(top.version) ?? str(lockRecord.version) ?? "0.0.0" },
    binaries,
    packages: await lockPackages(files, root, lockRecord),
    direct,
  };
}
