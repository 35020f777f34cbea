// What the "+" dialog offers: the packages and each requirement's candidates, as the shell reports them (its "packages" report).
//
// The shell owns the runtime's config and decides routes (shell/package_routes.ts); it reports
// what it would offer now, each time the packages or the runtime change, and the page shows
// that. So the page and the shell's `start` can never disagree on what fits where.
import { childElements, type ParseXml, type XmlElement } from "../graph/xml.ts";

/** A package as the dialog lists it. */
export interface PackageView {
  name: string;
  summary: string;
  /** Its requirements and provisions as words ("Hello", "File_system label src"). */
  requires: string[];
  provides: string[];
}

/** One requirement of the chosen package with where it can go: "parent" or "child:NAME". */
export interface RequirementView {
  /** As the dialog shows it: "Hello", "File_system label src". */
  text: string;
  /** As --route names it: "Hello", "File_system:src". */
  key: string;
  candidates: string[];
}

export interface Offer {
  /** The packages there are, or why they cannot be read. */
  packages(): Promise<PackageView[] | string>;
  /** The requirements of `pkg` with their candidates in the runtime as it is now. */
  requirements(pkg: string): RequirementView[];
}

/** The command that starts `pkg` with each requirement routed as picked. */
export function startCommand(pkg: string, picks: ReadonlyArray<readonly [string, string]>): string {
  return ["start", pkg, ...picks.map(([key, to]) => `--route ${key}=${to}`)].join(" ");
}

const words = (list: string | null) => (list ?? "").split(",").map((w) => w.trim()).filter((w) => w.length > 0);

/** The packages of a "packages" report, and their requirements with candidates. */
export function readOffer(root: XmlElement | null): Map<string, { view: PackageView; requirements: RequirementView[] }> {
  const out = new Map<string, { view: PackageView; requirements: RequirementView[] }>();
  if (root === null || root.tagName !== "packages") return out;
  for (const p of childElements(root, "package")) {
    const name = p.getAttribute("name") ?? "";
    if (name === "") continue;
    const requirements = childElements(p, "requires").map((r) => ({
      text: r.getAttribute("text") ?? r.getAttribute("key") ?? "?",
      key: r.getAttribute("key") ?? "?",
      candidates: childElements(r, "candidate").map((c) => c.getAttribute("route") ?? "").filter((c) => c === "parent" || c.startsWith("child:")),
    }));
    const view = { name, summary: p.getAttribute("info") ?? "", requires: requirements.map((r) => r.text), provides: words(p.getAttribute("provides")) };
    out.set(name, { view, requirements });
  }
  return out;
}

/** The dialog's Offer over the latest "packages" report (`latest()` gives its text, null before the first). */
export function reportedOffer(latest: () => string | null, parse: ParseXml): Offer {
  const current = () => {
    const text = latest();
    return text === null ? null : readOffer(parse(text));
  };
  return {
    packages: async () => {
      const offer = current();
      if (offer === null) return "The shell has not reported its packages yet (its route to report_rom may be missing).";
      if (offer.size === 0) return "The shell reports no packages: no component under /src has a runtime file.";
      return [...offer.values()].map((p) => p.view);
    },
    requirements: (pkg) => current()?.get(pkg)?.requirements ?? [],
  };
}
