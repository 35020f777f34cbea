// The shell's sbom command: a summary of the boot image's bill of materials (ROM sbom.cdx.json, which npm run build writes).
import { RomConnection } from "../components/lib/rom.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { BomComponent, scanBom } from "./sbom_scan.ts";

const MODULE = "sbom.cdx.json";
/**
 * The image's is about 270 KB. The whole module is read into the shell's RAM and scanned there:
 * in the default system's 4M shell a dense 1 MiB BOM fits, so larger ROMs are refused.
 */
const MAX_SIZE: u32 = 1 << 20;

function pad(s: string, width: i32): string { return s.length < width ? s + " ".repeat(width - s.length) : s + " "; }

export function sbom(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length != 1) return fail(out, "sbom", "takes no arguments (sbom)");
  const rom = new RomConnection(MODULE);
  const size = rom.ok ? rom.size() : 0;
  if (!rom.ok || rom.error < 0) {
    const e = rom.ok ? rom.error : rom.cap;
    rom.close();
    return fail(out, "sbom", MODULE + ": not in the boot image (" + describeErr(e) + "); npm run build puts it there");
  }
  if (size > MAX_SIZE) {
    rom.close();
    return fail(out, "sbom", MODULE + ": too large to summarize (" + size.toString() + " bytes, at most " + MAX_SIZE.toString() + ")");
  }
  const bytes = rom.bytes();
  const error = rom.error;
  rom.close();
  if (error < 0) return fail(out, "sbom", MODULE + ": " + describeErr(error));
  const bom = scanBom(bytes);
  if (bom.error.length > 0) return fail(out, "sbom", MODULE + ": not a CycloneDX JSON (" + bom.error + ")");

  out.line("CycloneDX " + bom.specVersion + " " + (bom.serialNumber.length > 0 ? bom.serialNumber : "(no serial number)"));
  const binaries = new Array<BomComponent>(), packages = new Array<BomComponent>();
  for (let i = 0; i < bom.components.length; i++) {
    const c = bom.components[i];
    if (c.purl.startsWith("pkg:npm/")) packages.push(c);
    else binaries.push(c);
  }
  out.line(binaries.length.toString() + " component binaries:");
  for (let i = 0; i < binaries.length; i++) {
    const b = binaries[i];
    const hash = b.sha256.length >= 12 ? b.sha256.substring(0, 12) : "(no sha256)";
    out.line("  " + pad(b.name, 20) + hash + "  " + b.sources.toString() + (b.sources == 1 ? " source" : " sources"));
  }
  // CycloneDX's scope: "excluded" is for building and testing only; none or "required" is needed at run time.
  let buildOnly = 0;
  const names = new Array<string>(), counts = new Array<i32>();
  for (let i = 0; i < packages.length; i++) {
    const p = packages[i];
    if (p.scope == "excluded") buildOnly++;
    const seen = p.licenses.length > 0 ? p.licenses : ["(none stated)"];
    for (let j = 0; j < seen.length; j++) {
      const at = names.indexOf(seen[j]);
      if (at >= 0) counts[at]++;
      else { names.push(seen[j]); counts.push(1); }
    }
  }
  out.line(packages.length.toString() + " npm packages: " + (packages.length - buildOnly).toString() + " at run time, " + buildOnly.toString() + " build only");
  // Most used first; equal counts by name, so that the same BOM gives the same lines (an insertion sort: a few dozen licences).
  for (let i = 1; i < names.length; i++) {
    const n = names[i], c = counts[i];
    let j = i - 1;
    while (j >= 0 && (counts[j] < c || (counts[j] == c && names[j] > n))) { names[j + 1] = names[j]; counts[j + 1] = counts[j]; j--; }
    names[j + 1] = n;
    counts[j + 1] = c;
  }
  out.line("licences:");
  for (let i = 0; i < names.length; i++) out.line("  " + pad(names[i], 20) + counts[i].toString());
  return 0;
}
