// Builds the boot image: compiles each module that changed, writes the binaries and manifest.json.
import type { Files } from "../files.ts";
import { readText, writeText } from "../files.ts";
import { provenanceName, signStatement } from "../provenance/dsse.ts";
import type { SigningKey } from "../provenance/keys.ts";
import { makeStatement, statementBytes, type ToolPackage } from "../provenance/statement.ts";
import { verifyAsync } from "../provenance/verify.ts";
import { compile } from "./compile.ts";
import { isWat } from "./compile_wat.ts";
import type { ModuleSpec } from "./modules.ts";

export interface ManifestEntry { name: string; size: number; sha256: string }
export interface Manifest { modules: ManifestEntry[] }

/** What the builder remembers of a module's last build, to skip it when nothing changed. */
interface CacheRecord {
  key: string;
  inputs: Record<string, string>;
  output: string;
}

export interface BuildOptions {
  /** Where the image goes, e.g. `build/image`. */
  imageDir: string;
  /** Where build records go, e.g. `build/cache`. */
  cacheDir: string;
  /** The compiler's version: a new compiler rebuilds everything. */
  compilerVersion: string;
  /** wabt's version, for the WAT modules (`wabt 1.0.39`): a new one rebuilds them. */
  watCompilerVersion?: string;
  /** Progress lines: one per module, and one while the compiler loads. */
  progress?: (line: string) => void;
  /** Files the image carries beside the binaries (the source package), listed in the manifest too. */
  extra?: Map<string, Uint8Array>;
  /** Signs each binary's provenance (NAME.wasm.intoto.jsonl beside it); without it the image is unsigned. */
  sign?: Signing;
}

/** How the build signs: the key, the compiler packages it names, which builder it is, the profile it builds. */
export interface Signing {
  key: SigningKey;
  toolchain: ToolPackage[];
  /** What a WAT module's provenance names instead (wabt: toolchainOf(lock, WAT_TOOL_PACKAGES)); none when not given. */
  watToolchain?: ToolPackage[];
  builder: string;
  profile: string;
}

export interface BuildResult {
  manifest: Manifest;
  compiled: string[];
  skipped: string[];
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const encoder = new TextEncoder();

/** Whether the binary's provenance is there, names it and verifies with the signing key (a new key signs everything anew). */
async function signedAlready(files: Files, spec: ModuleSpec, sha: string, opts: BuildOptions): Promise<boolean> {
  if (!opts.sign) return true;
  const envelope = await files.read(`${opts.imageDir}/${provenanceName(spec.name)}`);
  if (envelope === null) return false;
  const k = opts.sign.key;
  return typeof (await verifyAsync(spec.name, sha, envelope, [{ keyid: k.keyid, publicKey: k.publicKey, name: "signing" }])) !== "string";
}

async function upToDate(files: Files, spec: ModuleSpec, key: string, opts: BuildOptions): Promise<boolean> {
  const text = await readText(files, `${opts.cacheDir}/${spec.name}.json`);
  if (text === null) return false;
  let record: CacheRecord;
  try { record = JSON.parse(text) as CacheRecord; } catch { return false; }
  if (record.key !== key) return false;
  const out = await files.read(`${opts.imageDir}/${spec.name}`);
  if (out === null || (await sha256(out)) !== record.output) return false;
  if (!(await signedAlready(files, spec, record.output, opts))) return false;
  for (const [path, hash] of Object.entries(record.inputs)) {
    const bytes = await files.read(path);
    if (bytes === null || (await sha256(bytes)) !== hash) return false;
  }
  return true;
}

export async function build(files: Files, specs: ModuleSpec[], opts: BuildOptions): Promise<BuildResult> {
  const progress = opts.progress ?? (() => {});
  const compiled: string[] = [];
  const skipped: string[] = [];
  const wat = (spec: ModuleSpec) => isWat(spec.entries[spec.entries.length - 1] ?? "");
  const key = (spec: ModuleSpec) => sha256(encoder.encode(JSON.stringify([wat(spec) ? opts.watCompilerVersion ?? "wabt" : opts.compilerVersion, spec.entries, spec.flags])));
  let compilerLoading = false;
  for (const [i, spec] of specs.entries()) {
    const step = `[${i + 1}/${specs.length}] ${spec.name}`;
    const k = await key(spec);
    if (await upToDate(files, spec, k, opts)) {
      progress(`${step}: up to date`);
      skipped.push(spec.name);
      continue;
    }
    if (!compilerLoading && !wat(spec)) {
      compilerLoading = true;
      progress("loading the AssemblyScript compiler...");
    }
    const t0 = performance.now();
    const started = new Date().toISOString();
    progress(`${step}: compiling ${spec.entries[spec.entries.length - 1]}`);
    const out = await compile(files, spec.name, spec.entries, spec.flags);
    const finished = new Date().toISOString();
    await files.write(`${opts.imageDir}/${spec.name}`, out.binary);
    const inputs: Record<string, string> = {};
    for (const [path, bytes] of [...out.inputs].sort(([a], [b]) => a.localeCompare(b))) inputs[path] = await sha256(bytes);
    const record: CacheRecord = { key: k, inputs, output: await sha256(out.binary) };
    if (opts.sign) await files.write(`${opts.imageDir}/${provenanceName(spec.name)}`, await signProvenance(spec, record.output, record.inputs, opts.sign, started, finished));
    await writeText(files, `${opts.cacheDir}/${spec.name}.json`, JSON.stringify(record, null, 1) + "\n");
    progress(`${step}: ${out.binary.length} bytes in ${Math.round(performance.now() - t0)} ms`);
    compiled.push(spec.name);
  }
  for (const [name, bytes] of opts.extra ?? []) await files.write(`${opts.imageDir}/${name}`, bytes);
  const provenance = opts.sign ? specs.map((s) => provenanceName(s.name)) : [];
  const manifest = await writeManifest(files, opts.imageDir, [...specs.map((s) => s.name), ...provenance, ...(opts.extra?.keys() ?? [])]);
  return { manifest, compiled, skipped };
}

/** The signed provenance (an envelope) of a module just compiled: its sources as the build read them (path: sha256), the compiler packages, the times. */
export async function signProvenance(spec: ModuleSpec, sha: string, inputs: Record<string, string>, sign: Signing, started: string, finished: string): Promise<Uint8Array> {
  const statement = makeStatement({
    binary: spec.name, sha256: sha, module: spec.name.replace(/\.wasm$/, ""), profile: sign.profile, flags: spec.flags,
    entries: spec.entries, sources: new Map(Object.entries(inputs)),
    toolchain: isWat(spec.entries[spec.entries.length - 1] ?? "") ? sign.watToolchain ?? [] : sign.toolchain, builder: sign.builder, started, finished,
  });
  return signStatement(statementBytes(statement), sign.key);
}

/** manifest.json: name, size and sha256 of each binary, sorted by name, so that equal images are equal bytes. */
export async function writeManifest(files: Files, dir: string, names: string[]): Promise<Manifest> {
  const modules: ManifestEntry[] = [];
  for (const name of [...names].sort()) {
    const bytes = await files.read(`${dir}/${name}`);
    if (bytes === null) throw new Error(`${dir}/${name}: missing after the build`);
    modules.push({ name, size: bytes.length, sha256: await sha256(bytes) });
  }
  const manifest = { modules };
  await writeText(files, `${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
