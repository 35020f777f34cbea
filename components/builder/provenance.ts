// A build's provenance statement as the builder writes it for core's Signer: an in-toto Statement v1 with a SLSA Provenance v1 predicate.
//
// The format is the one every Wasmode build writes (kernel/host/provenance/statement.ts reads it): the subject is the
// binary (name and sha256); the build definition names the module, profile, flags and entries, and
// every source read (paths relative to /src, sorted) with its sha256, then the compiler packages.
// The builder id is left empty: core sets it to its compiler device's, which the builder cannot
// vouch for. The definition is made when the module goes to the compiler (its sources as read
// then) and carried across a live swap as text; the statement is completed once the binary is there.
import { ToolPackage } from "../compiler_session/connection.ts";
import { jsonString } from "./record.ts";
import { ModuleSpec } from "./recipe.ts";
import { Source } from "./sources.ts";

function stringList(items: Array<string>): string {
  const parts = new Array<string>();
  for (let i = 0; i < items.length; i++) parts.push(jsonString(items[i]));
  return "[" + parts.join(",") + "]";
}

/** Whether a module is built from WebAssembly text (its main is a .wat): its build uses wabt. */
function isWat(spec: ModuleSpec): bool {
  return spec.main.endsWith(".wat");
}

/** The packages a module's build uses: the AssemblyScript toolchain, and wabt only for WAT. */
function used(spec: ModuleSpec, toolchain: Array<ToolPackage>): Array<ToolPackage> {
  const out = new Array<ToolPackage>();
  for (let i = 0; i < toolchain.length; i++) {
    if (toolchain[i].name == "wabt" && !isWat(spec)) continue;
    out.push(toolchain[i]);
  }
  return out;
}

/** The JSON of the predicate's buildDefinition: parameters, entries, and every source and package with its digest. */
export function buildDefinition(spec: ModuleSpec, profile: string, sources: Array<Source>, hashes: Map<string, string>, toolchain: Array<ToolPackage>): string {
  const paths = new Array<string>();
  for (let i = 0; i < sources.length; i++) paths.push(sources[i].path);
  paths.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
  const deps = new Array<string>();
  for (let i = 0; i < paths.length; i++) {
    deps.push("{\"uri\":" + jsonString(paths[i]) + ",\"digest\":{\"sha256\":" + jsonString(hashes.get(paths[i])) + "}}");
  }
  const tools = used(spec, toolchain);
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    deps.push("{\"uri\":" + jsonString("pkg:npm/" + t.name + "@" + t.version) + ",\"digest\":{\"sha512\":" + jsonString(t.sha512) + "}}");
  }
  return "{\"buildType\":\"https://wasmode.dev/build/v1\"," +
    "\"externalParameters\":{\"module\":" + jsonString(spec.name) + ",\"profile\":" + jsonString(profile) + ",\"flags\":" + stringList(spec.flags) + "}," +
    "\"internalParameters\":{\"entries\":" + stringList(spec.entries) + "}," +
    "\"resolvedDependencies\":[" + deps.join(",") + "]}";
}

/** The whole statement for binary `name` of `sha256`, built as `definition` says between `started` and `finished` (ISO 8601, UTC). */
export function statement(name: string, sha256: string, definition: string, started: string, finished: string): string {
  return "{\"_type\":\"https://in-toto.io/Statement/v1\"," +
    "\"subject\":[{\"name\":" + jsonString(name) + ",\"digest\":{\"sha256\":" + jsonString(sha256) + "}}]," +
    "\"predicateType\":\"https://slsa.dev/provenance/v1\"," +
    "\"predicate\":{\"buildDefinition\":" + definition + "," +
    "\"runDetails\":{\"builder\":{\"id\":\"\"},\"metadata\":{\"startedOn\":" + jsonString(started) + ",\"finishedOn\":" + jsonString(finished) + "}}}}";
}
