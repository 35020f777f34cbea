// The state reporter: what the config's <report> asks for, its buffer, and when the report goes out (after the activation, or rate-limited by delay_ms).
import { Node } from "../lib/config/node.ts";
import { LogConnection, errorLine } from "../lib/log.ts";
import { SignalHandler, register } from "../lib/signal.ts";
import { sys_signal } from "../lib/syscalls.ts";
import { ReportConnection } from "../report_session/connection.ts";
import { RateLimit, ReportDue } from "./state_rate.ts";
import { StateTrigger } from "./state_trigger.ts";

/**
 * The report's buffer when `<report>` gives no `buffer`. Genode's is 4 KiB; Wasmode's reports name
 * each child's binary digest (`binaries`), and its default system's report needs more.
 */
export const DEFAULT_REPORT_BUFFER: u32 = 16 * 1024;
/** What init sends instead of a report larger than its buffer (Genode's words). */
const EXCEEDED = "<state error=\"report buffer exceeded\"/>";

/** What the config's <report> asks for. */
export class ReportDetail {
  initRam: bool = false;
  initCaps: bool = false;
  ids: bool = false;
  requested: bool = false;
  provided: bool = false;
  /** Each session's arguments as an `<args>` sub-node. */
  sessionArgs: bool = false;
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
    this.sessionArgs = node.attributeBool("session_args", false);
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

class Due extends ReportDue {
  constructor(private reporter: StateReporter) { super(); }
  due(): void { this.reporter.send(); }
}

export class StateReporter extends StateTrigger {
  private detail: ReportDetail | null = null;
  private version: string = "";
  private report: ReportConnection | null = null;
  private reportNow: ReportNow | null = null;
  private rate: RateLimit = new RateLimit();
  /** `delay_ms="0"`: as in Genode, nothing is reported. */
  private silent: bool = false;
  /** Set once, by whoever owns the state (the sandbox), before the first config is applied. */
  producer: StateProducer | null = null;

  constructor(private log: LogConnection) {
    super();
    this.rate.report = new Due(this);
  }

  /** Takes the <report> node (or null: no report) and the config's version from a config being applied. */
  configure(node: Node | null, configVersion: string): void {
    this.version = configVersion;
    if (node == null) {
      this.detail = null;
      return;
    }
    this.detail = new ReportDetail(node);
    const buffer = <u32>min<u64>(node.attributeU64("buffer", DEFAULT_REPORT_BUFFER), 0x7fffffff);
    let r = this.report;
    // As Genode's init: a new buffer size is a new Report session.
    if (r != null && r.bufferSize != buffer) r.close();
    if (r == null || r.bufferSize != buffer) this.report = new ReportConnection("state", buffer);
    const delay = node.attributeU64("delay_ms", 0);
    this.silent = node.has("delay_ms") && delay == 0;
    this.rate.configure(delay);
    this.stateChanged();
  }

  /**
   * Something the report shows changed: it goes out delay_ms after the first change (merged with
   * those until then), or without delay_ms after the current activation, once however many
   * changes came together.
   */
  stateChanged(): void {
    if (this.detail == null || this.silent) return;
    if (!this.rate.schedule()) this.afterActivation();
  }

  /** A change Genode reports whatever delay_ms says (a child's exit or resource request, children created or gone). */
  stateChangedNow(): void {
    if (this.detail == null || this.silent) return;
    this.afterActivation();
  }

  /** A signal to ourselves: the report goes out once this activation is done. */
  private afterActivation(): void {
    let h = this.reportNow;
    if (h == null) {
      h = new ReportNow(this);
      this.reportNow = h;
      register(h);
    }
    sys_signal(h.cap);
  }

  /** Sends the report as the state is now; one larger than the buffer is replaced by an error report, as in Genode. */
  send(): void {
    const detail = this.detail, r = this.report, producer = this.producer;
    if (detail == null || r == null || producer == null || this.silent) return;
    const xml = producer.stateXml(detail, this.version);
    if (<u32>String.UTF8.byteLength(xml) <= r.bufferSize) {
      r.submit(xml);
      return;
    }
    this.log.write(errorLine("state report exceeds maximum size"));
    r.submit(EXCEEDED);
  }
}
