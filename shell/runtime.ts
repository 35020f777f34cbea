// The runtime the shell controls, Sculpt's way: it writes the runtime init's config as a report and reads the runtime's state report.
//
// report_rom pairs the shell's "runtime_config" report with the runtime init's config ROM, and the
// runtime's "state" report with the shell's "runtime_state" ROM (system/default.xml). The shell
// keeps the starts it asked for; each change is a new config, which init applies live with
// Genode's minimal restarts.
import { Err } from "../kernel/abi.ts";
import { Attr, Node, parseConfig } from "../components/lib/config/parse.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { ReportConnection } from "../components/report_session/connection.ts";

const CONFIG_BUFFER: u32 = 16384;

/** One child of the runtime as its state report tells it. */
export class ChildState {
  name: string = "";
  binary: string = "";
  ram: string = "";
  caps: string = "";
  state: string = "";
  /** The version its start node has ("" for none): a restart raises it. */
  version: string = "";
  /** The binary it runs: its sha256 prefix (8 hex digits) and "image" or "local"; "-" when the report does not say. */
  sha: string = "-";
  origin: string = "-";
}

/** The runtime's config before anything is started. */
const BASE = `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Timer"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <report child_ram="yes" child_caps="yes" requested="yes" provided="yes" binaries="yes"/>
</config>`;

function setAttribute(n: Node, name: string, value: string): void {
  for (let i = 0; i < n.attrs.length; i++) {
    if (n.attrs[i].name == name) { n.attrs[i].value = value; return; }
  }
  n.attrs.push(new Attr(name, value));
}

export class Runtime {
  /** The config the runtime runs: the shell's start/stop/restart edit it, `config edit` replaces it. */
  tree: Node = parseConfig(BASE).node!;
  /** Its sessions: the shell's live-state hook (live_state.ts) carries them across a swap. */
  readonly report: ReportConnection = new ReportConnection("runtime_config", CONFIG_BUFFER);
  readonly stateRom: RomConnection = new RomConnection("runtime_state");

  get available(): bool { return (this.report.ok || this.report.pending) && this.stateRom.ok; }

  find(name: string): Node | null {
    const starts = this.tree.childrenOf("start");
    for (let i = 0; i < starts.length; i++) if (starts[i].attributeOr("name", "") == name) return starts[i];
    return null;
  }

  add(name: string, binary: string, ram: string, caps: string, provides: Array<string> = new Array<string>()): void {
    const n = new Node("start");
    n.attrs.push(new Attr("name", name));
    n.attrs.push(new Attr("ram", ram));
    n.attrs.push(new Attr("caps", caps));
    if (binary != name) {
      const b = new Node("binary");
      b.attrs.push(new Attr("name", binary));
      n.children.push(b);
    }
    if (provides.length > 0) {
      const p = new Node("provides");
      for (let i = 0; i < provides.length; i++) {
        const service = new Node("service");
        service.attrs.push(new Attr("name", provides[i]));
        p.children.push(service);
      }
      n.children.push(p);
    }
    this.tree.children.push(n);
  }

  /** A start made elsewhere (a package's, package_routes.ts). */
  addNode(start: Node): void { this.tree.children.push(start); }

  remove(name: string): bool {
    const start = this.find(name);
    if (start == null) return false;
    this.tree.children.splice(this.tree.children.indexOf(start), 1);
    return true;
  }

  /** A new version makes init restart the child (Genode's rule). */
  bumpVersion(start: Node): void {
    setAttribute(start, "version", (start.attributeU64("version", 0) + 1).toString());
  }

  /** The config as the shell writes it. */
  config(): string { return this.tree.toXml() + "\n"; }

  /** A config the user edited: "" when it replaced the runtime's, else why not (line:column: what). */
  replace(text: string): string {
    const parsed = parseConfig(text);
    if (!parsed.ok()) return parsed.line.toString() + ":" + parsed.column.toString() + ": " + parsed.error;
    if (parsed.node!.type != "config") return "the top node must be <config>, not <" + parsed.node!.type + ">";
    this.tree = parsed.node!;
    const e = this.apply();
    return e < 0 ? "error " + e.toString() : "";
  }

  /** Writes the config: the runtime applies it. An Err when the report cannot go out. */
  apply(): i32 {
    const r = this.report.submit(this.config());
    return r == Err.Pending ? Err.Ok : r; // it goes out once report_rom is there
  }

  /** The runtime's children from its latest state report (empty before the first). */
  children(): Array<ChildState> { return childrenOf(this.stateRom.text()); }
}

/** The children an init's state report lists, with what ps shows of each (empty when it does not parse). */
export function childrenOf(report: string): Array<ChildState> {
  const out = new Array<ChildState>();
  const parsed = parseConfig(report);
  if (!parsed.ok()) return out;
  const nodes = parsed.node!.childrenOf("child");
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const c = new ChildState();
    c.name = n.attributeOr("name", "?");
    c.binary = n.attributeOr("binary", c.name);
    c.version = n.attributeOr("version", "");
    c.ram = usage(n.child("ram"));
    c.caps = usage(n.child("caps"));
    const sha = n.attributeOr("binary_sha256", "");
    if (sha.length >= 8) c.sha = sha.substring(0, 8);
    c.origin = n.attributeOr("binary_origin", "-");
    c.state = n.has("exited") ? "exited " + n.attributeOr("exited", "") : n.attributeOr("state", "running");
    out.push(c);
  }
  return out;
}

/** "used/quota" of a <ram> or <caps> node ("assigned" when the report has no use yet). */
function usage(n: Node | null): string {
  if (n == null) return "-";
  if (n.has("used")) return n.attributeOr("used", "?") + "/" + n.attributeOr("quota", "?");
  return n.attributeOr("assigned", "-");
}
