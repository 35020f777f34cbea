// The runtime the shell controls, Sculpt's way: it writes the runtime init's config as a report and reads the runtime's state report.
//
// report_rom pairs the shell's "runtime_config" report with the runtime init's config ROM, and the
// runtime's "state" report with the shell's "runtime_state" ROM (system/default.xml). The shell
// keeps the starts it asked for; each change is a new config, which init applies live with
// Genode's minimal restarts.
import { Err } from "../kernel/abi.ts";
import { Node, parseConfig } from "../components/lib/config/parse.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { ReportConnection } from "../components/report_session/connection.ts";

const CONFIG_BUFFER: u32 = 16384;

export class RuntimeStart {
  version: i32 = 0;
  constructor(readonly name: string, readonly binary: string, readonly ram: string, readonly caps: string) {}

  toXml(): string {
    let s = "<start name=\"" + this.name + "\" ram=\"" + this.ram + "\" caps=\"" + this.caps + "\"";
    if (this.version > 0) s += " version=\"" + this.version.toString() + "\"";
    s += ">";
    if (this.binary != this.name) s += "<binary name=\"" + this.binary + "\"/>";
    return s + "</start>";
  }
}

/** One child of the runtime as its state report tells it. */
export class ChildState {
  name: string = "";
  binary: string = "";
  ram: string = "";
  caps: string = "";
  state: string = "";
}

export class Runtime {
  readonly starts: Array<RuntimeStart> = new Array<RuntimeStart>();
  private report: ReportConnection = new ReportConnection("runtime_config", CONFIG_BUFFER);
  private stateRom: RomConnection = new RomConnection("runtime_state");

  get available(): bool { return (this.report.ok || this.report.pending) && this.stateRom.ok; }

  find(name: string): RuntimeStart | null {
    for (let i = 0; i < this.starts.length; i++) if (this.starts[i].name == name) return this.starts[i];
    return null;
  }

  remove(name: string): bool {
    for (let i = 0; i < this.starts.length; i++) {
      if (this.starts[i].name != name) continue;
      this.starts.splice(i, 1);
      return true;
    }
    return false;
  }

  /** The runtime init's config as the shell would write it now. */
  config(): string {
    let s = "<config>\n" +
      "  <parent-provides> <service name=\"LOG\"/> <service name=\"PD\"/> <service name=\"ROM\"/> <service name=\"CPU\"/> <service name=\"Timer\"/> </parent-provides>\n" +
      "  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>\n" +
      "  <default caps=\"100\" ram=\"1M\"/>\n" +
      "  <report child_ram=\"yes\" child_caps=\"yes\"/>\n";
    for (let i = 0; i < this.starts.length; i++) s += "  " + this.starts[i].toXml() + "\n";
    return s + "</config>\n";
  }

  /** Writes the config: the runtime applies it. An Err when the report cannot go out. */
  apply(): i32 {
    const r = this.report.submit(this.config());
    return r == Err.Pending ? Err.Ok : r; // it goes out once report_rom is there
  }

  /** The runtime's children from its latest state report (empty before the first). */
  children(): Array<ChildState> {
    const out = new Array<ChildState>();
    const parsed = parseConfig(this.stateRom.text());
    if (!parsed.ok()) return out;
    const nodes = parsed.node!.childrenOf("child");
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const c = new ChildState();
      c.name = n.attributeOr("name", "?");
      c.binary = n.attributeOr("binary", c.name);
      c.ram = usage(n.child("ram"));
      c.caps = usage(n.child("caps"));
      c.state = n.has("exited") ? "exited " + n.attributeOr("exited", "") : n.attributeOr("state", "running");
      out.push(c);
    }
    return out;
  }
}

/** "used/quota" of a <ram> or <caps> node ("assigned" when the report has no use yet). */
function usage(n: Node | null): string {
  if (n == null) return "-";
  if (n.has("used")) return n.attributeOr("used", "?") + "/" + n.attributeOr("quota", "?");
  return n.attributeOr("assigned", "-");
}
