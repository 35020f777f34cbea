// The image's bill of materials: a CycloneDX 1.6 BOM of the component binaries (with the sources each was built from) and the npm packages that build and run Wasmode.
import { Contrib, Enums, Models, Serialize, Spec } from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";
import spdxExpressionParse from "spdx-expression-parse";

/** One source file a binary was compiled from (repository-relative path), or a package it was built with (a purl). */
export interface SbomSource { uri: string; sha256?: string; sha512?: string }

export interface SbomBinary {
  name: string;
  size: number;
  sha256: string;
  /** Sorted by uri; empty when the build left no record of this binary's inputs. */
  sources: SbomSource[];
}

/** One entry of package-lock.json's `packages`. */
export interface SbomPackage {
  name: string;
  version: string;
  /** The lockfile's integrity: "sha512-BASE64" (possibly several, space-separated). */
  integrity?: string;
  license?: string;
  /** Only devDependencies reach it: it builds and tests Wasmode, nothing of it runs in Wasmode. */
  dev: boolean;
  optional: boolean;
  /** Names of the packages it depends on (those found in the lockfile become dependency edges). */
  dependsOn: string[];
}

export interface SbomInput {
  product: { name: string; version: string };
  binaries: SbomBinary[];
  packages: SbomPackage[];
  /** The product's direct dependencies and devDependencies, by name. */
  direct: string[];
}

export interface SbomOptions {
  timestamp?: Date;
  /** urn:uuid:...; without it, none (imageSbomBytes derives one from the content). */
  serialNumber?: string;
}

/** The property that marks a development-only npm package (CycloneDX's npm property taxonomy). */
export const DEV_PROPERTY = "cdx:npm:package:development";

export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith("@") ? name.indexOf("/") : -1;
  const ns = slash > 0 ? name.slice(0, slash) : undefined;
  return new PackageURL("npm", ns, slash > 0 ? name.slice(slash + 1) : name, version, undefined, undefined).toString();
}

/** "sha512-BASE64 sha1-BASE64" -> the hashes CycloneDX knows, as lowercase hex; unknown algorithms are skipped. */
export function integrityHashes(integrity: string | undefined): Models.HashDictionary {
  const out = new Models.HashDictionary();
  const algs: Record<string, Enums.HashAlgorithm> = { sha512: Enums.HashAlgorithm["SHA-512"], sha384: Enums.HashAlgorithm["SHA-384"], sha256: Enums.HashAlgorithm["SHA-256"], sha1: Enums.HashAlgorithm["SHA-1"] };
  for (const part of (integrity ?? "").split(/\s+/)) {
    const dash = part.indexOf("-");
    const alg = algs[part.slice(0, dash)];
    if (dash < 0 || alg === undefined) continue;
    try {
      out.set(alg, [...atob(part.slice(dash + 1).replace(/\?.*$/, ""))].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    } catch { /* not base64: the lockfile is damaged there; the package is listed without that hash */ }
  }
  return out;
}

/** An SPDX id, else an SPDX expression ("(MIT OR Apache-2.0)"), else the licence's name as it stands. */
const licenses = new Contrib.License.Factories.LicenseFactory(spdxExpressionParse);

function binaryComponent(b: SbomBinary): Models.Component {
  // A binary of the image is built from source files: CycloneDX 1.6 models that exactly with
  // `formulation`, which this library does not model; `pedigree` means ancestry (forks, patches),
  // not build inputs. So the sources are the binary's sub-components, type "file" with their
  // SHA-256: an assembly of the files the compiler read and compiled into it (the spec's nested
  // `components`). The npm packages it was built with (the compiler) are named in a property
  // instead, since they are components of the BOM of their own.
  const c = new Models.Component(Enums.ComponentType.Application, b.name, { bomRef: `image:${b.name}` });
  c.hashes.set(Enums.HashAlgorithm["SHA-256"], b.sha256);
  c.properties.add(new Models.Property("wasmode:size", String(b.size)));
  for (const s of b.sources) {
    if (s.uri.startsWith("pkg:")) { c.properties.add(new Models.Property("wasmode:built-with", s.uri)); continue; }
    const f = new Models.Component(Enums.ComponentType.File, s.uri, { bomRef: `image:${b.name}:${s.uri}` });
    if (s.sha256) f.hashes.set(Enums.HashAlgorithm["SHA-256"], s.sha256);
    if (s.sha512) f.hashes.set(Enums.HashAlgorithm["SHA-512"], s.sha512);
    c.components.add(f);
  }
  return c;
}

function packageComponent(p: SbomPackage): Models.Component {
  const purl = npmPurl(p.name, p.version);
  const slash = p.name.startsWith("@") ? p.name.indexOf("/") : -1;
  // Scope: "required" for what Wasmode needs at run time (dependencies and what they pull in);
  // devDependencies are "excluded" (the spec: used for building and testing, not reachable at run
  // time), and also carry CycloneDX's npm property cdx:npm:package:development=true.
  const c = new Models.Component(Enums.ComponentType.Library, slash > 0 ? p.name.slice(slash + 1) : p.name, {
    bomRef: purl,
    group: slash > 0 ? p.name.slice(0, slash) : undefined,
    version: p.version,
    purl,
    scope: p.dev ? Enums.ComponentScope.Excluded : Enums.ComponentScope.Required,
    hashes: integrityHashes(p.integrity),
  });
  if (p.license) c.licenses.add(licenses.makeFromString(p.license));
  if (p.dev) c.properties.add(new Models.Property(DEV_PROPERTY, "true"));
  return c;
}

/** The BOM; deterministic for equal input and options. */
export function makeSbom(input: SbomInput, opts: SbomOptions = {}): Models.Bom {
  const bom = new Models.Bom({ serialNumber: opts.serialNumber });
  const product = new Models.Component(Enums.ComponentType.Application, input.product.name, {
    bomRef: `pkg:npm/${input.product.name}@${input.product.version}`, version: input.product.version,
  });
  bom.metadata = new Models.Metadata({ timestamp: opts.timestamp, component: product });
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.Build);

  for (const b of input.binaries) {
    const c = binaryComponent(b);
    bom.components.add(c);
    product.dependencies.add(c.bomRef);
  }
  const byName = new Map<string, Models.Component>();
  for (const p of input.packages) {
    if (byName.has(p.name)) continue; // a second copy nested deeper in node_modules: listed once
    const c = packageComponent(p);
    byName.set(p.name, c);
    bom.components.add(c);
  }
  for (const p of input.packages) {
    const c = byName.get(p.name)!;
    for (const d of p.dependsOn) { const dep = byName.get(d); if (dep) c.dependencies.add(dep.bomRef); }
  }
  for (const d of input.direct) { const dep = byName.get(d); if (dep) product.dependencies.add(dep.bomRef); }
  return bom;
}

/** The BOM as CycloneDX 1.6 JSON, lists sorted so that equal BOMs are equal text. */
export function serializeSbom(bom: Models.Bom, space?: number): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space }) + "\n";
}
