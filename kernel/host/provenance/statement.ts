// The in-toto Statement v1 with a SLSA Provenance v1 predicate that Wasmode writes for each binary it builds.
import { ProvenanceError } from "./dsse.ts";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
/** Wasmode's build, version 1: the parameters and dependencies below mean what this file says. */
export const BUILD_TYPE = "https://wasmode.dev/build/v1";

/** Who built: the Node build (`npm run build`), or the builder component inside the OS, on Node or in the page. */
export const BUILDER = {
  nodeBuild: "https://wasmode.dev/builder/node-build",
  osNode: "https://wasmode.dev/builder/os-node",
  osPage: "https://wasmode.dev/builder/os-page",
} as const;

export interface Digest { sha256?: string; sha512?: string }
export interface ResourceDescriptor { uri?: string; name?: string; digest: Digest }

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: typeof PROVENANCE_TYPE;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: { module: string; profile: string; flags: string[] };
      internalParameters?: { entries: string[] };
      resolvedDependencies: ResourceDescriptor[];
    };
    runDetails: {
      builder: { id: string };
      metadata: { startedOn: string; finishedOn: string };
    };
  };
}

/** A compiler package: its npm name and version, and the sha512 (hex) of its package as the lockfile pins it. */
export interface ToolPackage { name: string; version: string; sha512: string }

export interface BuildFacts {
  /** The binary's file name (`hello.wasm`) and its sha256. */
  binary: string;
  sha256: string;
  module: string;
  profile: string;
  flags: string[];
  entries: string[];
  /** Every source file read, by path relative to the source root, with its sha256. */
  sources: Map<string, string>;
  toolchain: ToolPackage[];
  builder: string;
  started: string;
  finished: string;
}

export function makeStatement(f: BuildFacts): Statement {
  const sources = [...f.sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([uri, sha256]) => ({ uri, digest: { sha256 } }));
  const tools = f.toolchain.map((t) => ({ uri: `pkg:npm/${t.name}@${t.version}`, digest: { sha512: t.sha512 } }));
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: f.binary, digest: { sha256: f.sha256 } }],
    predicateType: PROVENANCE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: { module: f.module, profile: f.profile, flags: f.flags },
        internalParameters: { entries: f.entries },
        resolvedDependencies: [...sources, ...tools],
      },
      runDetails: { builder: { id: f.builder }, metadata: { startedOn: f.started, finishedOn: f.finished } },
    },
  };
}

export function statementBytes(s: Statement): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(s));
}

const HEX64 = /^[0-9a-f]{64}$/;

function need(ok: boolean, what: string): void {
  if (!ok) throw new ProvenanceError(`its statement ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A statement from an envelope's payload, its shape checked; throws ProvenanceError naming the field. */
export function parseStatement(bytes: Uint8Array): Statement {
  let s: Record<string, unknown>;
  try { s = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)); } catch { throw new ProvenanceError("its statement is not JSON"); }
  need(isObject(s), "is not a JSON object");
  need(s._type === STATEMENT_TYPE, `has _type ${JSON.stringify(s._type)}, not ${STATEMENT_TYPE}`);
  need(s.predicateType === PROVENANCE_TYPE, `has predicateType ${JSON.stringify(s.predicateType)}, not ${PROVENANCE_TYPE}`);
  const subject = s.subject;
  need(Array.isArray(subject) && subject.length > 0, "has no subject");
  for (const sub of subject as unknown[]) {
    need(isObject(sub) && typeof sub.name === "string" && isObject(sub.digest), "has a subject without name and digest");
    need(HEX64.test(String((sub as { digest: Digest }).digest.sha256)), "has a subject without a sha256");
  }
  const p = s.predicate;
  need(isObject(p) && isObject(p.buildDefinition) && isObject(p.runDetails), "has no buildDefinition and runDetails");
  const def = (p as Statement["predicate"]).buildDefinition, run = (p as Statement["predicate"]).runDetails;
  need(typeof def.buildType === "string", "has no buildType");
  need(isObject(def.externalParameters), "has no externalParameters");
  need(Array.isArray(def.resolvedDependencies), "has no resolvedDependencies");
  need(isObject(run.builder) && typeof run.builder.id === "string", "has no runDetails.builder.id");
  return s as unknown as Statement;
}
