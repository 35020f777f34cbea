// The build record: what a binary was built from (every input with its sha256, compiler, flags, profile) and what came out, as JSON beside the binary.
//
// Written in a canonical order, so that the part before "output" is the same text whenever the
// same inputs are built the same way: the builder compares that part to know a module is up to date.
import { Source } from "./sources.ts";
import { ModuleSpec } from "./recipe.ts";

/** `s` as a JSON string literal. */
export function jsonString(s: string): string {
  const out = new Array<string>();
  out.push("\"");
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc = "";
    if (c == 34) esc = "\\\"";
    else if (c == 92) esc = "\\\\";
    else if (c == 10) esc = "\\n";
    else if (c < 0x20) esc = "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    if (esc.length == 0) continue;
    out.push(s.substring(run, i));
    out.push(esc);
    run = i + 1;
  }
  out.push(s.substring(run, s.length));
  out.push("\"");
  return out.join("");
}

function list(items: Array<string>): string {
  const parts = new Array<string>();
  for (let i = 0; i < items.length; i++) parts.push(jsonString(items[i]));
  return "[" + parts.join(", ") + "]";
}

/** The record's first part: the module, how it is built and from what (inputs sorted by path, each with its sha256). */
export function recordHead(spec: ModuleSpec, profile: string, compiler: string, inputs: Array<Source>, hashes: Map<string, string>): string {
  const paths = new Array<string>();
  for (let i = 0; i < inputs.length; i++) paths.push(inputs[i].path);
  paths.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
  const lines = new Array<string>();
  for (let i = 0; i < paths.length; i++) lines.push("    " + jsonString(paths[i]) + ": " + jsonString(hashes.get(paths[i])));
  return "{\n" +
    "  \"module\": " + jsonString(spec.binary) + ",\n" +
    "  \"profile\": " + jsonString(profile) + ",\n" +
    "  \"compiler\": " + jsonString(compiler) + ",\n" +
    "  \"entries\": " + list(spec.entries) + ",\n" +
    "  \"flags\": " + list(spec.flags) + ",\n" +
    "  \"inputs\": {\n" + lines.join(",\n") + "\n  },\n";
}

/** The whole record: the head, then the output's sha256 and size and when the build began and ended. */
export function record(head: string, sha256: string, size: i32, started: string, finished: string): string {
  return head +
    "  \"output\": { \"sha256\": " + jsonString(sha256) + ", \"size\": " + size.toString() + " },\n" +
    "  \"started\": " + jsonString(started) + ",\n" +
    "  \"finished\": " + jsonString(finished) + "\n" +
    "}\n";
}

/** The output sha256 a record gives, or "" when the text holds none. */
export function recordedOutput(text: string): string {
  const key = "\"output\": { \"sha256\": \"";
  const i = text.indexOf(key);
  if (i < 0 || i + key.length + 64 > text.length) return "";
  return text.substring(i + key.length, i + key.length + 64);
}
