// rom_reporter: reflects ROM modules as reports, as Genode's rom_reporter does: each `<rom label="X"/>` of its config.
//
// For every `<rom label="X"/>` it opens a ROM session and a Report session, both labelled X, and
// reports the ROM's content whenever it changes. Wasmode's page uses it to see the runtime's state
// (a report in report_rom) through core's Report service. The config is read once, at start.
import { Node, parseConfig } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { ReportConnection } from "../report_session/connection.ts";

/** Largest report forwarded: a bigger ROM is cut off with a warning (a state report of ~100 children fits). */
const BUFFER: u32 = 64 * 1024;

const logger = new LogConnection();

/** One reflected module: its ROM, its Report, and the signal that says the ROM changed. */
class Reflection extends SignalHandler {
  readonly report: ReportConnection;
  /** Set right after construction: AssemblyScript lets no `this` escape before every field is set. */
  rom: Reflected | null = null;

  constructor(readonly label: string) {
    super();
    this.report = new ReportConnection(label, BUFFER);
  }

  handle(count: u32): void { this.forward(); }

  forward(): void {
    const rom = this.rom!;
    const bytes = rom.bytes();
    if (rom.error < 0) return; // the module is not there (yet): its writer has not reported
    if (<u32>bytes.length > BUFFER) {
      logger.write(warningLine("ROM \"" + this.label + "\" is larger than " + BUFFER.toString() + " bytes: not reported"));
      return;
    }
    this.report.submitBytes(bytes);
  }
}

/** The ROM session of a reflection: once there, it asks for change signals and forwards the first content. */
class Reflected extends RomConnection {
  constructor(label: string, readonly reflection: Reflection) { super(label); }

  ready(): void {
    if (!this.ok) {
      logger.write(warningLine("no ROM session \"" + this.label + "\" (error " + this.cap.toString() + ")"));
      return;
    }
    if (register(this.reflection) > 0) this.sigh(submitCap(this.reflection));
    this.reflection.forward();
  }
}

const reflections = new Array<Reflection>();

const configRom = new RomConnection("config");
const parsed = parseConfig(configRom.text());
if (!parsed.ok()) {
  logger.write(warningLine(parsed.describe("config")));
} else {
  const config: Node = parsed.node!;
  for (let i = 0; i < config.children.length; i++) {
    const node = config.children[i];
    if (node.type != "rom") continue;
    const label = node.attribute("label");
    if (label == null || label.length == 0) {
      logger.write(warningLine("<rom> without a label at line " + node.line.toString()));
      continue;
    }
    const r = new Reflection(label);
    const rom = new Reflected(label, r);
    r.rom = rom;
    reflections.push(r);
    rom.whenReady();
  }
}
