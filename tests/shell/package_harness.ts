// Test harness (AssemblyScript): a package's runtime file parsed by the shell's reader (shell/package.ts), described as one line per fact.
import { parsePackage } from "../../shell/package.ts";

/** What the shell reads of the runtime file, or "error: FILE:LINE: what". */
export function describePackage(name: string, file: string, text: string, readme: string): string {
  const r = parsePackage(name, file, text, readme);
  const p = r.pkg;
  if (p == null) return "error: " + r.error;
  const rows = new Array<string>();
  rows.push("ram " + p.ram + ", caps " + p.caps + ", binary " + p.binary + (p.configRom.length > 0 ? ", config ROM " + p.configRom : ""));
  rows.push("requires " + p.requiresText());
  rows.push("provides " + p.providesText());
  rows.push("summary " + p.summary);
  const config = p.config;
  rows.push("config " + (config != null ? config.toXml().replaceAll("\n", " ") : "-"));
  return rows.join("\n");
}
