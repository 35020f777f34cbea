// The shell's "packages" report: every package with where each of its requirements can go now, for the page's "+" (web/src/add/offer.ts).
//
// The page offers what `start` would take, so the shell reports it from the same route choices
// (package_routes.ts) whenever the packages or the runtime may have changed, and only when the
// text differs from what it reported last.
import { escapeXml } from "../components/lib/xml_escape.ts";
import { ReportConnection } from "../components/report_session/connection.ts";
import { Err } from "../kernel/abi.ts";
import { PackageEntry } from "./packages.ts";
import { routeChoices } from "./package_routes.ts";
import { Runtime } from "./runtime.ts";

/** Room for some hundred packages; a larger report is not sent (the page then offers the last one). */
export const PACKAGES_BUFFER: u32 = 32768;

function attr(name: string, value: string): string { return " " + name + "=\"" + escapeXml(value, true) + "\""; }

/** The report's text: a <package> per package whose runtime file reads, each requirement with its candidates in start's order. */
export function packagesXml(entries: Array<PackageEntry>, r: Runtime): string {
  const out = new Array<string>();
  out.push("<packages>");
  for (let i = 0; i < entries.length; i++) {
    const pkg = entries[i].pkg;
    if (pkg == null) continue;
    const choices = routeChoices(r, pkg);
    const head = "  <package" + attr("name", pkg.name) + attr("info", pkg.summary) + attr("provides", pkg.provides.join(","));
    if (choices.length == 0) { out.push(head + "/>"); continue; }
    out.push(head + ">");
    for (let k = 0; k < choices.length; k++) {
      const req = choices[k].requirement;
      const key = req.label.length > 0 ? req.service + ":" + req.label : req.service;
      let line = "    <requires" + attr("key", key) + attr("text", req.describe()) + ">";
      for (let c = 0; c < choices[k].candidates.length; c++) line += " <candidate" + attr("route", choices[k].candidates[c].describe()) + "/>";
      out.push(line + " </requires>");
    }
    out.push("  </package>");
  }
  out.push("</packages>");
  return out.join("\n") + "\n";
}

export class PackageReport {
  private connection: ReportConnection | null = null;
  private last: string = "";

  /** The session once opened (a live swap carries it), null before the first report. */
  get opened(): ReportConnection | null { return this.connection; }
  adopt(c: ReportConnection | null): void { this.connection = c; }

  /** Reports `text` unless it is what went out last; opens the session on first use. */
  update(text: string): void {
    if (text == this.last) return;
    if (this.connection == null) this.connection = new ReportConnection("packages", PACKAGES_BUFFER);
    const c = this.connection!;
    if (!c.ok && !c.pending) return;
    if (<u32>String.UTF8.byteLength(text) > PACKAGES_BUFFER) return;
    const e = c.submit(text);
    if (e == Err.Ok || e == Err.Pending) this.last = text;
  }
}
