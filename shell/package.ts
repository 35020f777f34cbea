// A package's runtime file, in the shape of Genode's pkg `runtime` (HID or XML): what a component needs to start and which services it requires and provides.
//
// Genode's own runtime files read unchanged: <content>, <fail>, <succeed> and any other node the
// shell has no use for are kept in the tree and ignored, as Genode's tools ignore what they do
// not know. The one-line summary is the `info` attribute of <runtime> (the attribute Genode's
// depot index gives a pkg's description, and one its runtime readers ignore); failing that, the
// first line of a README beside the runtime file (where Genode's pkgs keep it).
import { Node, parseConfig } from "../components/lib/config/parse.ts";
import { parseNumber } from "../components/lib/config/node.ts";

/** A session the component opens: the node's type in the runtime file, its service name, its label ("" for any). */
export class Requirement {
  constructor(readonly node: string, readonly service: string, readonly label: string) {}

  /** "Hello", or "File_system label src". */
  describe(): string { return this.label.length > 0 ? this.service + " label " + this.label : this.service; }
}

export class Package {
  ram: string = "1M";
  caps: string = "100";
  binary: string = "";
  /** The ROM its config comes from (Genode's `config` attribute), "" when none. */
  configRom: string = "";
  /** Its <config> node, given to init as the start's config; null when none. */
  config: Node | null = null;
  requires: Array<Requirement> = new Array<Requirement>();
  /** The services it announces, by name (Hello, ROM, File_system…). */
  provides: Array<string> = new Array<string>();
  summary: string = "";

  constructor(readonly name: string) {}

  /** The services it requires, for a listing: "Hello, File_system label src" or "-". */
  requiresText(): string {
    const words = new Array<string>();
    for (let i = 0; i < this.requires.length; i++) words.push(this.requires[i].describe());
    return words.length > 0 ? words.join(", ") : "-";
  }

  providesText(): string { return this.provides.length > 0 ? this.provides.join(", ") : "-"; }
}

/** A parsed runtime file, or the first thing wrong with it ("FILE:LINE: what"). */
export class PackageResult {
  constructor(readonly pkg: Package | null, readonly error: string) {}
}

/**
 * The service a requirement's or provision's node names, Sculpt's way (its model/service.h):
 * Genode's node types for the services whose names are not the type capitalized, then the type
 * with its first letter capitalized (hello -> Hello, timer -> Timer, notes -> Notes).
 */
export function serviceOf(nodeType: string): string {
  if (nodeType == "fs" || nodeType == "file_system") return "File_system";
  if (nodeType == "log" || nodeType == "rom" || nodeType == "pd" || nodeType == "cpu" || nodeType == "rm" || nodeType == "vm" ||
      nodeType == "io_mem" || nodeType == "io_port" || nodeType == "irq" || nodeType == "trace") return nodeType.toUpperCase();
  return nodeType.charAt(0).toUpperCase() + nodeType.substring(1);
}

/** A name a config can hold: letters, digits, '-', '_' and '.'. */
export function plainName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46;
    if (!ok) return false;
  }
  return true;
}

function failAt(file: string, n: Node, what: string): PackageResult {
  return new PackageResult(null, file + ":" + n.line.toString() + ": " + what);
}

/** A quantity Genode reads (decimal or hex, K/M/G): ram="32M", caps="1000". */
function quantity(v: string): bool { return v.length > 0 && parseNumber(v, U64.MAX_VALUE) != U64.MAX_VALUE; }

/** The first line of a README with text on it, trimmed ("" when none). */
function firstLine(readme: string): string {
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.length > 0) return t;
  }
  return "";
}

/** The runtime file `text` of package `name` (read from `file`), with the README beside it ("" when none). */
export function parsePackage(name: string, file: string, text: string, readme: string = ""): PackageResult {
  const parsed = parseConfig(text);
  if (!parsed.ok()) return new PackageResult(null, file + ":" + parsed.line.toString() + ": " + parsed.error);
  const root = parsed.node!;
  if (root.type != "runtime") return failAt(file, root, "a package's runtime file holds <runtime>, not <" + root.type + ">");
  const pkg = new Package(name);
  pkg.ram = root.attributeOr("ram", pkg.ram);
  if (!quantity(pkg.ram)) return failAt(file, root, "ram \"" + pkg.ram + "\" is no amount (such as 2M)");
  pkg.caps = root.attributeOr("caps", pkg.caps);
  if (!quantity(pkg.caps)) return failAt(file, root, "caps \"" + pkg.caps + "\" is no number");
  // Genode names the binary always; a package of ours without one runs the binary of its name.
  pkg.binary = root.attributeOr("binary", name);
  if (!plainName(pkg.binary)) return failAt(file, root, "binary \"" + pkg.binary + "\" is no module name");
  pkg.configRom = root.attributeOr("config", "");
  if (pkg.configRom.length > 0 && !plainName(pkg.configRom)) return failAt(file, root, "config \"" + pkg.configRom + "\" is no ROM name");
  pkg.config = root.child("config");
  pkg.summary = root.attributeOr("info", "");
  if (pkg.summary.length == 0) pkg.summary = firstLine(readme);
  for (let i = 0; i < root.children.length; i++) {
    const n = root.children[i];
    if (n.type == "requires") {
      for (let j = 0; j < n.children.length; j++) {
        const r = n.children[j];
        const label = r.attributeOr("label", "");
        if (r.has("label") && label.length == 0) return failAt(file, r, "<" + r.type + "> has an empty label");
        if (!plainName(r.type)) return failAt(file, r, "<" + r.type + "> names no service");
        pkg.requires.push(new Requirement(r.type, serviceOf(r.type), label));
      }
    } else if (n.type == "provides") {
      for (let j = 0; j < n.children.length; j++) {
        const p = n.children[j];
        if (!plainName(p.type)) return failAt(file, p, "<" + p.type + "> names no service");
        const service = serviceOf(p.type);
        if (!pkg.provides.includes(service)) pkg.provides.push(service);
      }
    }
  }
  return new PackageResult(pkg, "");
}
