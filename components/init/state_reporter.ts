// The state reporter: what the config's <report> asks for, and the report sent once per activation that changed the state.
import { Node } from "../lib/config/node.ts";
import { SignalHandler, register } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { ReportConnection } from "../report_session/connection.ts";
import { StateTrigger } from "./state_trigger.ts";

const BUFFER: u32 = 16 * 1024;

/** What the config's <report> asks for. */
export class ReportDetail {
  initRam: bool = false;
  initCaps: bool = false;
  ids: bool = false;
  requested: bool = false;
  provided: bool = false;
  childRam: bool = false;
  childCaps: bool = false;
  /** Wasmode's own: each running child's binary, its sha256 and whether it is the boot image's (binaries="yes"). */
  binaries: bool = false;

  constructor(node: Node) {
    this.initRam = node.attributeBool("init_ram", false);
    this.initCaps = node.attributeBool("init_caps", false);
    this.ids = node.attributeBool("ids", false);
    this.requested = node.attributeBool("requested", false);
    this.provided = node.attributeBool("provided", false);
    this.childRam = node.attributeBool("child_ram", false);
    this.childCaps = node.attributeBool("child_caps", false);
    this.binaries = node.attributeBool("binaries", false);
  }
}

/** What the report is made of (Genode's State_reporter::Producer): init's state as XML. */
export abstract class StateProducer {
  abstract stateXml(detail: ReportDetail, version: string): string;
}

class ReportNow extends SignalHandler {
  constructor(private reporter: StateReporter) { super(); }
  handle(count: u32): void { this.reporter.send(); }
}

export class StateReporter extends StateTrigger {
  private detail: ReportDetail | null = null;
  private version: string = "";
  private report: ReportConnection | null = null;
  private reportNow: ReportNow | null = null;
  /** Set once, by whoever owns the state (the sandbox), before the first config is applied. */
  producer: StateProducer | null = null;

  /** Takes the <report> node (or null: no report) and the config's version from a config being applied. */
  configure(node: Node | null, configVersion: string): void {
    this.version = configVersion;
    if (node == null) {
      this.detail = null;
      return;
    }
    this.detail = new ReportDetail(node);
    if (this.report == null) this.report = new ReportConnection("state", BUFFER);
    this.stateChanged();
  }

  /**
   * Something the report shows changed: it goes out after the current activation, once however
   * many changes came together (a signal to ourselves).
   */
  stateChanged(): void {
    if (this.detail == null) return;
    let h = this.reportNow;
    if (h == null) {
      h = new ReportNow(this);
      this.reportNow = h;
      register(h);
    }
    sys_signal(h.cap);
  }

  /** Sends the report as the state is now. */
  send(): void {
    const detail = this.detail, r = this.report, producer = this.producer;
    if (detail == null || r == null || producer == null) return;
    r.submit(producer.stateXml(detail, this.version));
  }
}
